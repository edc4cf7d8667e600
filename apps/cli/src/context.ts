import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { hostname, userInfo } from "node:os";
import { join } from "node:path";
import { createAuditWriter, createAuth } from "@iam/auth";
import type { Auth, AuditEntry } from "@iam/auth";
import { createDatabase, DEFAULT_DATA_DIR, resolveDatabaseTarget } from "@iam/db";
import type { Database } from "@iam/db";
import type { ServerEnv } from "@iam/env";

export interface CliContext {
  database: Database;
  auth: Auth;
  /** Records what a command changed, naming the operator (see `cliOperator`). */
  audit(entry: Pick<AuditEntry, "action" | "targetType" | "targetId" | "details">): Promise<void>;
}

/**
 * Who ran the CLI: `IAM_OPERATOR` when the environment names someone (a deploy pipeline, say),
 * else the system account and host. The CLI has no signed-in user, so this is what the log shows.
 */
export function cliOperator(named?: string): string {
  if (named) return named;
  try {
    return `${userInfo().username}@${hostname()}`;
  } catch {
    return `unknown@${hostname()}`;
  }
}

/**
 * The same database and Better Auth configuration as the server, in process. The CLI stores
 * nothing that depends on the secret (client secrets are SHA-256 hashes, passwords scrypt), so
 * without BETTER_AUTH_SECRET it reuses the development secret when there is one, else a throwaway.
 */
export function openContext(env: ServerEnv): CliContext {
  const database = createDatabase(resolveDatabaseTarget(env));
  const auth = createAuth({
    database,
    baseUrl: env.BETTER_AUTH_URL ?? `http://localhost:${env.PORT}`,
    webUrl: env.WEB_URL ?? "http://localhost:3001",
    secret: env.BETTER_AUTH_SECRET ?? developmentSecret(),
    rateLimit: false,
    apiScopes: env.API_SCOPES,
  });
  const write = createAuditWriter(database.db);
  const operator = cliOperator(env.IAM_OPERATOR);
  return {
    database,
    auth,
    audit: (entry) => write({ ...entry, actorUserId: null, actorEmail: null, details: { ...entry.details, via: "cli", operator } }),
  };
}

function developmentSecret(): string {
  const file = join(DEFAULT_DATA_DIR, "auth-secret");
  return existsSync(file) ? readFileSync(file, "utf8").trim() : randomBytes(32).toString("base64url");
}
