import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { PGlite, types } from "@electric-sql/pglite";
import type { Transaction } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "./schema/index.ts";
import { createSqlExecutor, withDatesAsText } from "./sql-executor.ts";
import type { SqlConnection, SqlExecutor, SqlRow } from "./sql-executor.ts";

export type DatabaseSchema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, DatabaseSchema>;

/** Where the data lives: a PostgreSQL server, or embedded PGlite in a directory (or `memory://`). */
export type DatabaseTarget =
  | { kind: "postgres"; url: string; maxConnections?: number }
  | { kind: "pglite"; dataDir: string };

export interface Database {
  readonly kind: DatabaseTarget["kind"];
  readonly db: Db;
  /** Raw SQL on the same connections, for Better Auth's hand-written adapter (see sql-executor.ts). */
  readonly sql: SqlExecutor;
  /** Runs `task` on one dedicated connection, so session-level state such as advisory locks holds. */
  withSession<T>(task: (session: SessionQuery) => Promise<T>): Promise<T>;
  /** Applies drizzle-kit's SQL migrations from `migrationsFolder` (no locking: see migrate.ts). */
  applyMigrations(migrationsFolder: string): Promise<void>;
  ping(): Promise<void>;
  /** Connections this instance holds, for metrics. */
  poolStats(): Promise<PoolStats>;
  close(): Promise<void>;
}

export interface PoolStats {
  max: number;
  /** Connections open to the server. */
  open: number;
  /** Of those, running a query (not counting the one asking). */
  active: number;
}

export type SessionQuery = (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

export function createDatabase(target: DatabaseTarget): Database {
  return target.kind === "postgres" ? createPostgresDatabase(target) : createPgliteDatabase(target);
}

function createPostgresDatabase(target: Extract<DatabaseTarget, { kind: "postgres" }>): Database {
  // A name per pool, so pg_stat_activity can tell this instance's connections from others'.
  const applicationName = `iam-${process.pid}-${randomBytes(4).toString("hex")}`;
  const max = target.maxConnections ?? 10;
  const client = postgres(target.url, {
    connection: { application_name: applicationName },
    max,
    // Notices such as "relation already exists, skipping" from idempotent DDL are noise in logs.
    onnotice: () => {},
    connect_timeout: 10,
  });
  // Drizzle also installs its timestamp parsers and JSON serializers on `client` (text as is),
  // which `sql` below relies on: both see the same values.
  const db = drizzlePostgres(client, { schema });
  return {
    kind: "postgres",
    db,
    sql: createSqlExecutor({
      ...postgresConnection(client),
      begin: async <T>(task: (connection: SqlConnection) => Promise<T>) =>
        (await client.begin((tx) => task(postgresConnection(tx)))) as T,
    }),
    async withSession(task) {
      const reserved = await client.reserve();
      try {
        return await task(async (text, params = []) => [
          ...(await reserved.unsafe(text, params as postgres.ParameterOrJSON<never>[])),
        ]);
      } finally {
        reserved.release();
      }
    },
    async applyMigrations(migrationsFolder) {
      await migratePostgres(db, { migrationsFolder });
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    async poolStats() {
      const [row] = await client<{ open: number; active: number }[]>`
        select count(*)::int as open, count(*) filter (where state = 'active')::int as active
        from pg_stat_activity where application_name = ${applicationName}`;
      return { max, open: row?.open ?? 0, active: Math.max(0, (row?.active ?? 1) - 1) };
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}

function createPgliteDatabase(target: Extract<DatabaseTarget, { kind: "pglite" }>): Database {
  if (!target.dataDir.includes("://")) mkdirSync(target.dataDir, { recursive: true });
  const client = new PGlite(target.dataDir);
  const db = drizzlePglite(client, { schema });
  return {
    kind: "pglite",
    db,
    sql: createSqlExecutor({
      ...pgliteConnection(client),
      begin: (task) => client.transaction((tx) => task(pgliteConnection(tx))),
    }),
    // PGlite has a single connection, so every query already runs in the same session.
    async withSession(task) {
      return task(async (text, params = []) => (await client.query<Record<string, unknown>>(text, params)).rows);
    },
    async applyMigrations(migrationsFolder) {
      await migratePglite(db, { migrationsFolder });
    },
    async ping() {
      await client.query("select 1");
    },
    // One in-process connection, always open.
    async poolStats() {
      return { max: 1, open: 1, active: 0 };
    },
    async close() {
      await client.close();
    },
  };
}

function postgresConnection(client: postgres.Sql | postgres.TransactionSql): SqlConnection {
  return {
    async run(text, params) {
      // `unsafe` sends unnamed statements unless told otherwise; named ones are parsed once per connection.
      const result = await client.unsafe(text, withDatesAsText(params) as postgres.ParameterOrJSON<never>[], { prepare: true });
      return { rows: result, count: result.count };
    },
  };
}

/** The parsers Drizzle's PGlite driver passes: date and time types as PostgreSQL's text. */
const TEXT_DATES = Object.fromEntries([types.TIMESTAMP, types.TIMESTAMPTZ, types.DATE, types.INTERVAL].map((type) => [type, (value: string) => value]));

function pgliteConnection(client: PGlite | Transaction): SqlConnection {
  return {
    async run(text, params) {
      const result = await client.query<SqlRow>(text, withDatesAsText(params), { parsers: TEXT_DATES });
      // PGlite counts only written rows; a SELECT reports 0.
      return { rows: result.rows, count: result.affectedRows || result.rows.length };
    },
  };
}
