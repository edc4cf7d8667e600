import type { Db } from "@iam/db";
import { createAuth } from "./create-auth.ts";

/**
 * Configuration read only by `pnpm auth:generate` (the Better Auth CLI). It needs the plugins'
 * schemas, not a database or a secret, so generating works on a fresh clone.
 */
export const auth = createAuth({
  // The CLI reads the adapter's id and the schemas; it never runs a query.
  db: {} as Db,
  baseUrl: "http://localhost:3000",
  webUrl: "http://localhost:3001",
  secret: "schema-generation-only-not-a-real-secret-000000",
  rateLimit: true,
  apiScopes: [],
});
