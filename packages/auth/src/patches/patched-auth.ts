import { randomBytes } from "node:crypto";
import { createDatabase, migrateDatabase } from "@iam/db";
import type { Database } from "@iam/db";
import { createAuth } from "../create-auth.ts";
import type { Auth } from "../create-auth.ts";

/** A Better Auth instance of this project's configuration on an in-memory PGlite, for the patch tests. */
export async function openPatchedAuth(baseUrl: string): Promise<{ auth: Auth; database: Database; close: () => Promise<void> }> {
  const database = createDatabase({ kind: "pglite", dataDir: "memory://" });
  await migrateDatabase(database);
  const auth = createAuth({
    database,
    baseUrl,
    webUrl: "http://localhost:4558",
    secret: randomBytes(32).toString("base64url"),
    rateLimit: false,
    apiScopes: [],
  });
  return { auth, database, close: () => database.close() };
}
