import { fileURLToPath } from "node:url";
import type { Database } from "./client.ts";

export const migrationsFolder = fileURLToPath(new URL("../drizzle", import.meta.url));

/** Arbitrary but fixed: every instance of this project contends for the same advisory lock. */
const MIGRATION_LOCK_KEY = 7_318_204_551;

/**
 * Applies pending migrations, then runs `afterMigrate` (first signing key, admin account) while
 * still holding a PostgreSQL advisory lock, so instances booting together neither race on DDL
 * nor create two first keys or two admins.
 */
export async function migrateDatabase(database: Database, afterMigrate: () => Promise<void> = async () => {}): Promise<void> {
  await database.withSession(async (query) => {
    await query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      await database.applyMigrations(migrationsFolder);
      await afterMigrate();
    } finally {
      await query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
    }
  });
}
