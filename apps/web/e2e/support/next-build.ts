import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const WEB_APP_DIR = fileURLToPath(new URL("../..", import.meta.url));
const REPO_DIR = join(WEB_APP_DIR, "..", "..");
export const NEXT_BIN = join(WEB_APP_DIR, "node_modules", "next", "dist", "bin", "next");

/** Everything a production build of the console is made from. */
const BUILD_INPUTS = [
  join(WEB_APP_DIR, "src"),
  join(WEB_APP_DIR, "next.config.ts"),
  join(WEB_APP_DIR, "package.json"),
  join(WEB_APP_DIR, "postcss.config.mjs"),
  join(REPO_DIR, "packages", "ui", "src"),
  join(REPO_DIR, "packages", "env", "src"),
];

const BUILD_ID = join(WEB_APP_DIR, ".next", "BUILD_ID");
// Several test files (and people) may ask for a build at once: one builds, the others wait.
const LOCK_DIR = join(tmpdir(), `iam-next-build-${createHash("sha256").update(WEB_APP_DIR).digest("hex").slice(0, 12)}.lock`);
const LOCK_STALE_MS = 10 * 60_000;

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules" || entry.endsWith(".test.ts")) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

export function isBuildFresh(): boolean {
  if (!existsSync(BUILD_ID)) return false;
  const builtAt = statSync(BUILD_ID).mtimeMs;
  return BUILD_INPUTS.every((input) => newestMtime(input) <= builtAt);
}

function tryLock(): boolean {
  try {
    mkdirSync(LOCK_DIR);
    return true;
  } catch {
    if (existsSync(LOCK_DIR) && Date.now() - statSync(LOCK_DIR).mtimeMs > LOCK_STALE_MS) rmSync(LOCK_DIR, { recursive: true, force: true });
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Builds the Next app when `.next/BUILD_ID` is missing or older than its sources; once per change. */
export async function ensureNextBuild(): Promise<void> {
  const deadline = Date.now() + LOCK_STALE_MS;
  while (!isBuildFresh()) {
    if (Date.now() > deadline) throw new Error("Timed out waiting for another `next build`");
    if (!tryLock()) {
      await sleep(1_000);
      continue;
    }
    try {
      if (isBuildFresh()) return;
      const result = spawnSync(process.execPath, [NEXT_BIN, "build"], {
        cwd: WEB_APP_DIR,
        env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
        encoding: "utf8",
        timeout: 8 * 60_000,
      });
      if (result.status !== 0) throw new Error(`next build failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
      return;
    } finally {
      rmSync(LOCK_DIR, { recursive: true, force: true });
    }
  }
}
