export { createDatabase } from "./client.ts";
export type { Database, DatabaseSchema, DatabaseTarget, Db, PoolStats, SessionQuery } from "./client.ts";
export type { SqlExecutor, SqlResult, SqlRow } from "./sql-executor.ts";
export { migrateDatabase, migrationsFolder } from "./migrate.ts";
export { DEFAULT_DATA_DIR, resolveDatabaseTarget } from "./target.ts";
export { RequestDeadlineError, runOutsideDeadline, runWithinDeadline } from "./request-deadline.ts";
export { DatabaseLockedError, PGLITE_LOCK_FILE } from "./pglite-lock.ts";
