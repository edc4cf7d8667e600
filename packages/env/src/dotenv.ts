import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

let loaded = false;

/**
 * Loads the repository's `.env` once, if there is one; variables already set win. Used by the
 * API server and the CLIs (the console runs inside Next, which reads its own `.env`).
 */
export function loadDotEnv(): void {
  if (loaded) return;
  loaded = true;
  const dotEnvPath = resolve(dirname(fileURLToPath(import.meta.url)), "../../../.env");
  if (existsSync(dotEnvPath)) process.loadEnvFile(dotEnvPath);
}
