import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createAuth } from "@iam/auth";
import type { Auth } from "@iam/auth";
import { createDatabase, DEFAULT_DATA_DIR, resolveDatabaseTarget } from "@iam/db";
import type { Database } from "@iam/db";
import type { ServerEnv } from "@iam/env";

export interface CliContext {
  database: Database;
  auth: Auth;
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
  return { database, auth };
}

function developmentSecret(): string {
  const file = join(DEFAULT_DATA_DIR, "auth-secret");
  return existsSync(file) ? readFileSync(file, "utf8").trim() : randomBytes(32).toString("base64url");
}
