import { AsyncLocalStorage } from "node:async_hooks";

/** One row as the driver returns it: column name (or alias) → value. */
export type SqlRow = Record<string, unknown>;

export interface SqlResult {
  rows: SqlRow[];
  /** Rows the statement inserted, updated or deleted; for a SELECT, the rows it returned. */
  count: number;
}

/**
 * The smallest SQL surface Better Auth's adapter needs, the same on postgres.js and PGlite, for
 * queries where an ORM would cost more than the database.
 *
 * - Values travel only as bind parameters (`$1`, `$2`, …): never put a value into `text`.
 * - `timestamp` and `date` columns come back as PostgreSQL's text (`2024-05-01 10:00:00.123`), as
 *   Drizzle has both drivers return them: the caller knows whether the column has a time zone.
 * - Errors are the driver's own (SQLSTATE or connection codes), so outages are still recognised as
 *   such, and they carry no parameter values in their message.
 */
export interface SqlExecutor {
  query(text: string, params: readonly unknown[]): Promise<SqlResult>;
  /**
   * Runs `task` in one transaction on one connection: committed when it resolves, rolled back when
   * it throws. While it runs, every query through this executor from the task's async context goes
   * through the transaction, whether it uses `tx` or the executor itself: on PGlite a query outside
   * it would wait for the transaction, which would wait for the query. A transaction started inside
   * a transaction joins it (Better Auth nests none; it checks for an active one first).
   */
  transaction<T>(task: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}

/** A driver's statement runner: the pool, or one connection inside a transaction. */
export interface SqlConnection {
  run(text: string, params: readonly unknown[]): Promise<SqlResult>;
}

/** The pool also starts transactions, each on a connection of its own. */
export interface SqlPool extends SqlConnection {
  begin<T>(task: (connection: SqlConnection) => Promise<T>): Promise<T>;
}

interface TransactionScope {
  /** Cleared when the task settles, so work it left running falls back to the pool. */
  connection: SqlConnection | undefined;
}

export function createSqlExecutor(pool: SqlPool): SqlExecutor {
  // One store per executor: a transaction on one database must never capture another's queries.
  const scopes = new AsyncLocalStorage<TransactionScope>();
  // On Node 20 every enabled AsyncLocalStorage is copied onto every promise the process creates.
  // This one is needed only while a transaction runs, so it is switched off when none does; a
  // leftover task of a finished transaction has a cleared scope and uses the pool either way.
  let running = 0;
  const executor: SqlExecutor = {
    query(text, params) {
      return (scopes.getStore()?.connection ?? pool).run(text, params);
    },
    async transaction(task) {
      if (scopes.getStore()?.connection) return task(executor);
      return pool.begin(async (connection) => {
        const scope: TransactionScope = { connection };
        running++;
        try {
          return await scopes.run(scope, () => task(executor));
        } finally {
          scope.connection = undefined;
          if (--running === 0) scopes.disable();
        }
      });
    },
  };
  return executor;
}

/**
 * postgres.js would send a Date with its timestamptz type and the serializer Drizzle installs on
 * the shared client (text as is), which breaks; ISO 8601 text is what Drizzle itself sends.
 */
export function withDatesAsText(params: readonly unknown[]): unknown[] {
  return params.map((value) => (value instanceof Date ? value.toISOString() : value));
}
