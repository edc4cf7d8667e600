import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { DatabaseTarget } from "@iam/db";
import type { ServerEnv } from "@iam/env";
import { loadOrCreateDevSecret } from "./dev-secret.ts";

/** Everything the server needs, already validated and defaulted. Tests build one directly. */
export interface ServerConfig {
  production: boolean;
  port: number;
  /** Public base URL of the API; the issuer is `${baseUrl}/api/auth`. */
  baseUrl: string;
  webUrl: string;
  secret: string;
  database: DatabaseTarget;
  /** `undefined` in development means: create a random admin once and print it. */
  admin: { email: string; password: string } | "generate" | undefined;
  rateLimit: boolean;
  apiScopes: readonly string[];
  redisUrl: string | undefined;
  logLevel: ServerEnv["LOG_LEVEL"];
}

const repositoryRoot = fileURLToPath(new URL("../../../../", import.meta.url));
export const defaultDataDir = resolve(repositoryRoot, ".data");

export function resolveServerConfig(env: ServerEnv): ServerConfig {
  const production = env.NODE_ENV === "production";
  const baseUrl = trimSlash(env.BETTER_AUTH_URL ?? `http://localhost:${env.PORT}`);
  const pgliteDir = env.PGLITE_DIR ?? resolve(defaultDataDir, "pglite");
  return {
    production,
    port: env.PORT,
    baseUrl,
    webUrl: trimSlash(env.WEB_URL ?? "http://localhost:3001"),
    // The env schema already refuses production without a strong secret.
    secret: env.BETTER_AUTH_SECRET ?? loadOrCreateDevSecret(defaultDataDir),
    database: env.DATABASE_URL
      ? { kind: "postgres", url: env.DATABASE_URL }
      : { kind: "pglite", dataDir: pgliteDir.includes("://") || isAbsolute(pgliteDir) ? pgliteDir : resolve(pgliteDir) },
    admin:
      env.ADMIN_EMAIL && env.ADMIN_PASSWORD
        ? { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }
        : production
          ? undefined
          : "generate",
    rateLimit: env.RATE_LIMIT === "on",
    apiScopes: env.API_SCOPES,
    redisUrl: env.REDIS_URL,
    logLevel: env.LOG_LEVEL,
  };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}
