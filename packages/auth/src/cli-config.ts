import type { Db } from "@iam/db";
import * as schema from "@iam/db/schema";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { createAuth } from "./create-auth.ts";
import type { AuthDatabase } from "./create-auth.ts";

/**
 * Configuration read only by `pnpm auth:generate` (the Better Auth CLI). It needs the plugins'
 * schemas, not a database or a secret, so generating works on a fresh clone. The CLI writes a
 * Drizzle schema only for Drizzle's adapter, so this one keeps it; the server uses the SQL adapter.
 */
export const auth = createAuth({
  // The CLI reads the adapter's id and the schemas; it never runs a query.
  database: {} as AuthDatabase,
  databaseAdapter: drizzleAdapter({} as Db, { provider: "pg", schema }),
  baseUrl: "http://localhost:3000",
  webUrl: "http://localhost:3001",
  secret: "schema-generation-only-not-a-real-secret-000000",
  rateLimit: true,
  apiScopes: [],
});
