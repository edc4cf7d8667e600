import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { DatabaseTarget } from "./client.ts";

/** `.data/` at the repository root: the embedded database and the development secret live here. */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL("../../../.data", import.meta.url));

/** PostgreSQL when DATABASE_URL is set; otherwise PGlite in PGLITE_DIR (default `.data/pglite`). */
export function resolveDatabaseTarget(env: { DATABASE_URL?: string; PGLITE_DIR?: string }): DatabaseTarget {
  if (env.DATABASE_URL) return { kind: "postgres", url: env.DATABASE_URL };
  const dir = env.PGLITE_DIR ?? resolve(DEFAULT_DATA_DIR, "pglite");
  return { kind: "pglite", dataDir: dir.includes("://") || isAbsolute(dir) ? dir : resolve(dir) };
}
