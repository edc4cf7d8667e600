import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dotEnvPath = fileURLToPath(new URL("../../../.env", import.meta.url));
let loaded = false;

/** Loads the repository's `.env` once, if there is one; variables already set win. */
export function loadDotEnv(): void {
  if (loaded) return;
  loaded = true;
  if (existsSync(dotEnvPath)) process.loadEnvFile(dotEnvPath);
}
