import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readWebEnv } from "@iam/env";

/**
 * `pnpm -C apps/web dev|start`: Next on WEB_URL's port. `start` builds first when no
 * production build exists yet, so the console works right after `pnpm install`.
 */
const mode = process.argv[2] === "dev" ? "dev" : "start";
const appDir = fileURLToPath(new URL("..", import.meta.url));
const next = fileURLToPath(new URL("../node_modules/.bin/next", import.meta.url));
const webEnv = readWebEnv();
const url = new URL(webEnv.WEB_URL);
// Development listens on loopback only (a freshly printed admin password is live) unless HOST says otherwise.
const host = webEnv.HOST ?? (mode === "dev" ? "localhost" : undefined);
const port = url.port || (url.protocol === "https:" ? "443" : "80");

function run(args: string[]): number {
  // Telemetry off: a self-hosted identity provider should not phone home.
  return spawnSync(next, args, { cwd: appDir, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } }).status ?? 1;
}

if (mode === "start" && !existsSync(`${appDir}/.next/BUILD_ID`)) {
  const status = run(["build"]);
  if (status !== 0) process.exit(status);
}
process.exit(run([mode, "-p", port, ...(host ? ["-H", host] : [])]));
