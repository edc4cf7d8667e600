import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "./schema/index.ts";

export type DatabaseSchema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, DatabaseSchema>;

/** Where the data lives: a PostgreSQL server, or embedded PGlite in a directory (or `memory://`). */
export type DatabaseTarget =
  | { kind: "postgres"; url: string; maxConnections?: number }
  | { kind: "pglite"; dataDir: string };

export interface Database {
  readonly kind: DatabaseTarget["kind"];
  readonly db: Db;
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
  const db = drizzlePostgres(client, { schema });
  return {
    kind: "postgres",
    db,
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
