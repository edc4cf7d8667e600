import { readServerEnv } from "@iam/env";
import { createDatabase } from "../client.ts";
import { migrateDatabase } from "../migrate.ts";
import { resolveDatabaseTarget } from "../target.ts";

// `pnpm db:migrate`: the same migrations the server applies at boot, under the same lock.
const target = resolveDatabaseTarget(readServerEnv());
const database = createDatabase(target);
try {
  await migrateDatabase(database);
  process.stdout.write(`Migrations applied (${target.kind}).\n`);
} finally {
  await database.close();
}
