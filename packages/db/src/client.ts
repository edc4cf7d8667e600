import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { PGlite, types } from "@electric-sql/pglite";
import type { Transaction } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { ConnectionHealth, ConnectionTracker } from "./connection-health.ts";
import { lockPgliteDirectory } from "./pglite-lock.ts";
import { assertBeforeDeadline, withdrawAtDeadline } from "./request-deadline.ts";
import * as schema from "./schema/index.ts";
import { createSqlExecutor, withDatesAsText } from "./sql-executor.ts";
import type { SqlConnection, SqlExecutor, SqlRow } from "./sql-executor.ts";

export type DatabaseSchema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, DatabaseSchema>;

/** Where the data lives: a PostgreSQL server, or embedded PGlite in a directory (or `memory://`). */
export type DatabaseTarget = { kind: "postgres"; url: string; maxConnections?: number } | { kind: "pglite"; dataDir: string };

export interface Database {
  readonly kind: DatabaseTarget["kind"];
  readonly db: Db;
  /** Raw SQL on the same connections, for Better Auth's hand-written adapter (see sql-executor.ts). */
  readonly sql: SqlExecutor;
  /** Runs `task` on one dedicated connection, so session-level state such as advisory locks holds. */
  withSession<T>(task: (session: SessionQuery) => Promise<T>): Promise<T>;
  /** Applies drizzle-kit's SQL migrations from `migrationsFolder` (no locking: see migrate.ts). */
  applyMigrations(migrationsFolder: string): Promise<void>;
  /** `select 1` through the pool; rejects when no answer comes within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<void>;
  /**
   * False while the database is known to be unreachable (a probe failed and none has succeeded
   * since): requests are then answered 503 at once, and readiness says so. Always true on PGlite.
   */
  isAvailable(): boolean;
  /** A failure that an outage would explain: probe the database (see connection-health.ts). */
  reportTrouble(): void;
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
  const tracker = new ConnectionTracker();
  const pool = postgres(target.url, {
    connection: { application_name: applicationName },
    max,
    // Notices such as "relation already exists, skipping" from idempotent DDL are noise in logs.
    onnotice: () => {},
    ...OUTAGE_OPTIONS,
    // Not in postgres.js's types, but supported: it opens each connection through this function.
    ...({ socket: tracker.open } as object),
  });
  const health = new ConnectionHealth({ tracker, probe: (timeoutMs) => probePostgres(target.url, `${applicationName}-probe`, timeoutMs) });
  const client = withDeadlineGuard(pool);
  // Drizzle also installs its timestamp parsers and JSON serializers on `client` (text as is),
  // which `sql` below relies on: both see the same values.
  const db = drizzlePostgres(client, { schema });
  return {
    kind: "postgres",
    db,
    sql: createSqlExecutor({
      ...postgresConnection(client),
      begin: async <T>(task: (connection: SqlConnection) => Promise<T>) => (await client.begin((tx) => task(postgresConnection(tx)))) as T,
    }),
    async withSession(task) {
      const reserved = await client.reserve();
      try {
        return await task(async (text, params = []) => [...(await reserved.unsafe(text, params as postgres.ParameterOrJSON<never>[]))]);
      } finally {
        reserved.release();
      }
    },
    async applyMigrations(migrationsFolder) {
      await migratePostgres(db, { migrationsFolder });
    },
    async ping(timeoutMs) {
      await withTimeout(pool`select 1`, timeoutMs);
    },
    isAvailable: () => health.isAvailable(),
    reportTrouble: () => health.suspect(),
    async poolStats() {
      const [row] = await pool<{ open: number; active: number }[]>`
        select count(*)::int as open, count(*) filter (where state = 'active')::int as active
        from pg_stat_activity where application_name = ${applicationName}`;
      return { max, open: row?.open ?? 0, active: Math.max(0, (row?.active ?? 1) - 1) };
    },
    async close() {
      health.close();
      await pool.end({ timeout: 5 });
    },
  };
}

/**
 * postgres.js's defaults suit a batch job, not a server answering people: its reconnect delay
 * grows with every failed attempt, shared by the whole pool, up to 10-20 s, and queries wait for it
 * with no deadline of their own; a connection attempt into a black hole waits 30 s.
 */
const OUTAGE_OPTIONS = {
  // Seconds: 50 ms, 100 ms, 200 ms, then 400 ms at most (with jitter), so the pool reconnects
  // within half a second of the database's return.
  backoff: (attempt: number) => Math.min(0.05 * 2 ** attempt, 0.4) * (0.75 + Math.random() / 2),
  connect_timeout: 3,
} as const;

/** `select 1` on a connection of its own, so a pool stuck on dead connections cannot mask a recovery. */
async function probePostgres(url: string, applicationName: string, timeoutMs: number): Promise<void> {
  const probe = postgres(url, {
    max: 1,
    connection: { application_name: applicationName },
    connect_timeout: timeoutMs / 1000,
    fetch_types: false,
    onnotice: () => {},
  });
  try {
    await withTimeout(probe`select 1`, timeoutMs);
  } catch (error) {
    // The server answered with an error of its own (too many connections, say): it is there, and
    // closing the pool's working connections would turn its load into an outage. Only "not now"
    // answers of a server starting or stopping count as unavailable.
    if (!answeredByServer(error)) throw error;
  } finally {
    void probe.end({ timeout: 0 });
  }
}

async function withTimeout<T>(work: PromiseLike<T>, timeoutMs: number | undefined): Promise<T> {
  if (timeoutMs === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: "CONNECT_TIMEOUT" })), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The pool as Drizzle and the SQL executor see it: every query first checks that its request's
 * deadline has not passed (request-deadline.ts), and a transaction checks again before it commits.
 */
function withDeadlineGuard<T extends postgres.Sql | postgres.TransactionSql>(client: T): T {
  return new Proxy(client, {
    apply(target, thisArg, args) {
      assertBeforeDeadline();
      return withdrawAtDeadline(Reflect.apply(target as (...args: unknown[]) => unknown, thisArg, args));
    },
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      if (property === "unsafe") {
        return (...args: unknown[]) => {
          assertBeforeDeadline();
          return withdrawAtDeadline((value as (...args: unknown[]) => unknown).apply(target, args));
        };
      }
      if (property === "begin") {
        return (...args: unknown[]) => {
          assertBeforeDeadline();
          const task = args.pop() as (tx: postgres.TransactionSql) => Promise<unknown>;
          return (value as (...args: unknown[]) => unknown).apply(target, [
            ...args,
            async (tx: postgres.TransactionSql) => {
              const result = await task(withDeadlineGuard(tx));
              // Thrown inside the transaction: postgres.js rolls it back instead of committing.
              assertBeforeDeadline();
              return result;
            },
          ]);
        };
      }
      return value;
    },
  });
}

function createPgliteDatabase(target: Extract<DatabaseTarget, { kind: "pglite" }>): Database {
  const onDisk = !target.dataDir.includes("://");
  if (onDisk) mkdirSync(target.dataDir, { recursive: true });
  // One process per directory: refuse before PGlite touches the files.
  const release = onDisk ? lockPgliteDirectory(target.dataDir) : () => {};
  let client: PGlite;
  try {
    client = new PGlite(target.dataDir);
  } catch (error) {
    release();
    throw error;
  }
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
    // In process: it cannot become unreachable.
    isAvailable: () => true,
    reportTrouble: () => {},
    // One in-process connection, always open.
    async poolStats() {
      return { max: 1, open: 1, active: 0 };
    },
    async close() {
      try {
        await client.close();
      } finally {
        release();
      }
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
      assertBeforeDeadline();
      const result = await client.query<SqlRow>(text, withDatesAsText(params), { parsers: TEXT_DATES });
      // PGlite counts only written rows; a SELECT reports 0.
      return { rows: result.rows, count: result.affectedRows || result.rows.length };
    },
  };
}

/** SQLSTATEs of a server that is shutting down or not yet accepting work (class 57: operator intervention). */
const SERVER_GOING_AWAY = new Set(["57P01", "57P02", "57P03"]);

function answeredByServer(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== "PostgresError") return false;
  const code = (error as Error & { code?: unknown }).code;
  return typeof code === "string" && !SERVER_GOING_AWAY.has(code);
}
