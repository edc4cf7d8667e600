import { randomBytes } from "node:crypto";
import { createDatabase, migrateDatabase } from "@iam/db";
import type { Database } from "@iam/db";
import * as schema from "@iam/db/schema";
import type { TestDatabaseKind } from "@iam/db/testing";
import type { DBAdapter, Where } from "better-auth/adapters";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { createAuth } from "../create-auth.ts";
import type { Auth } from "../create-auth.ts";

/** Adapters as typed for the server's own options. */
export type AuthAdapter = DBAdapter<Auth["options"]>;

/** Test support: a migrated database with the server's Better Auth configuration on top. */
export interface AdapterFixture {
  database: Database;
  auth: Auth;
  /** The configured adapter (the SQL one), as Better Auth's endpoints use it. */
  adapter: AuthAdapter;
  /** @better-auth/drizzle-adapter on the same database and options, to compare with. */
  drizzle: AuthAdapter;
  /** Empties every table Better Auth writes. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function openAdapterFixture(kind: TestDatabaseKind): Promise<AdapterFixture> {
  const testDatabase = await kind.create();
  const database = createDatabase(testDatabase.target);
  await migrateDatabase(database);
  const auth = createAuth({
    database,
    baseUrl: "http://localhost:4570",
    webUrl: "http://localhost:4571",
    secret: randomBytes(32).toString("base64url"),
    rateLimit: false,
    apiScopes: [],
  });
  const { adapter } = await auth.$context;
  const drizzle = drizzleAdapter(database.db, { provider: "pg", schema })(auth.options);
  return {
    database,
    auth,
    adapter,
    drizzle,
    async reset() {
      await database.sql.query(
        `TRUNCATE "user", "session", "account", "verification", "jwks", "oauth_client", "oauth_resource", "oauth_client_resource",
          "oauth_refresh_token", "oauth_access_token", "oauth_consent", "oauth_client_assertion", "rate_limit" CASCADE`,
        [],
      );
    },
    async close() {
      await database.close();
      await testDatabase.dispose();
    },
  };
}

/** Fixed instants, so comparisons and sorting never depend on the clock. */
export const day = (n: number) => new Date(Date.UTC(2024, 0, n, 12, 30, 15, 123));

export interface SeededUser {
  id: string;
  name: string;
  email: string;
}

/** Four users that every operator test below picks from by name. */
export async function seedUsers(adapter: AuthAdapter): Promise<Record<"ada" | "alan" | "grace" | "linus", SeededUser>> {
  const create = (data: Record<string, unknown>) => adapter.create<Record<string, unknown>, SeededUser>({ model: "user", data });
  return {
    ada: await create({
      name: "Ada Lovelace",
      email: "ada@example.com",
      emailVerified: true,
      role: "admin",
      banned: false,
      createdAt: day(1),
      updatedAt: day(1),
    }),
    alan: await create({
      name: "alan turing",
      email: "alan@example.com",
      emailVerified: false,
      role: "user",
      banned: true,
      banExpires: day(400),
      createdAt: day(32),
      updatedAt: day(32),
    }),
    grace: await create({
      name: "Grace_Hopper 100%",
      email: "grace@EXAMPLE.org",
      emailVerified: false,
      role: null,
      banned: false,
      createdAt: day(61),
      updatedAt: day(61),
    }),
    linus: await create({
      name: "Linus",
      email: "linus@example.net",
      emailVerified: true,
      role: "user",
      banned: false,
      createdAt: day(92),
      updatedAt: day(92),
    }),
  };
}

/** Names of the users `where` matches, sorted, through `adapter`. */
export async function namesWhere(adapter: AuthAdapter, where: Where[]): Promise<string[]> {
  const rows = await adapter.findMany<{ name: string }>({ model: "user", where });
  return rows.map((row) => row.name).sort();
}
