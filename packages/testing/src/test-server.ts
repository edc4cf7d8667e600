import { randomBytes } from "node:crypto";
import type { DatabaseTarget } from "@iam/db";
import { createLogger, startServer } from "@iam/server";
import type { Logger, RunningServer, ServerConfig } from "@iam/server";
import { freePort } from "./free-port.ts";
import type { TestDatabaseKind } from "./test-database.ts";

export const TEST_ADMIN = { email: "admin@test.example", password: "admin-password-123" } as const;
export const TEST_WEB_URL = "http://localhost:3999";

export interface TestServer extends RunningServer {
  issuer: string;
  config: ServerConfig;
}

/**
 * A real API server on an ephemeral port. The base URL is only known after listening, so the
 * port is reserved first and the server started on it.
 */
export async function startTestServer(database: DatabaseTarget, overrides: Partial<ServerConfig> = {}, logger?: Logger): Promise<TestServer> {
  const port = overrides.port ?? (await freePort());
  const baseUrl = `http://localhost:${port}`;
  const config: ServerConfig = {
    production: false,
    port,
    baseUrl,
    webUrl: TEST_WEB_URL,
    secret: randomBytes(32).toString("base64url"),
    database,
    admin: { ...TEST_ADMIN },
    rateLimit: false,
    apiScopes: ["api:read", "api:write"],
    redisUrl: undefined,
    trustedProxies: [],
    logLevel: "silent",
    // Suites share two cores: a sign-in's password hash can take seconds there. The fault tests
    // set the production default (5 s) themselves.
    requestDeadlineMs: 30_000,
    ...overrides,
  };
  const server = await startServer(config, logger ?? createLogger(config.logLevel));
  return { ...server, issuer: `${baseUrl}/api/auth`, config };
}

/** A fresh database of `kind` with a server on it; closing the server drops the database too. */
export async function startTestServerOn(kind: TestDatabaseKind, overrides: Partial<ServerConfig> = {}, logger?: Logger): Promise<TestServer> {
  const database = await kind.create();
  let server: TestServer;
  try {
    server = await startTestServer(database.target, overrides, logger);
  } catch (error) {
    await database.dispose();
    throw error;
  }
  return {
    ...server,
    async close() {
      try {
        await server.close();
      } finally {
        await database.dispose();
      }
    },
  };
}
