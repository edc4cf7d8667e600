import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { missingBundleError, SERVER_BUNDLE, SERVER_NODE_FLAGS } from "@iam/server/bundle";

/**
 * `pnpm dev` / `pnpm start`: the API (:3000) and the console (:3001) side by side, their output
 * prefixed, both stopped together on Ctrl-C or when either exits. Children are started with
 * this Node directly, so it works the same under `npx pnpm@10` with no global pnpm. `dev` runs
 * the API's TypeScript through tsx (watch mode); `start` runs its production bundle with plain
 * node (`pnpm build`), as the Docker image does.
 */
const mode = process.argv[2] === "start" ? "start" : "dev";
const tsx = createRequire(import.meta.url).resolve("tsx/cli");
const root = fileURLToPath(new URL("..", import.meta.url));

if (mode === "start") {
  const missing = missingBundleError();
  if (missing) {
    process.stderr.write(`${missing.message}\n`);
    process.exit(1);
  }
}

const apps = [
  { name: "api", cwd: `${root}apps/server`, args: mode === "dev" ? [tsx, "watch", "src/main.ts"] : [...SERVER_NODE_FLAGS, SERVER_BUNDLE], color: 36 },
  { name: "web", cwd: `${root}apps/web`, args: [tsx, "scripts/next.ts", mode], color: 35 },
] as const;

const children: ChildProcess[] = [];
let exiting = false;

function stopAll(code: number): void {
  if (exiting) return;
  exiting = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 5000).unref();
  const exits = children.map((child) => new Promise((resolve) => (child.exitCode === null ? child.once("exit", resolve) : resolve(null))));
  Promise.all(exits).then(() => process.exit(code));
}

for (const app of apps) {
  const child = spawn(process.execPath, [...app.args], { cwd: app.cwd, stdio: ["ignore", "pipe", "pipe"] });
  const prefix = `\u001b[${app.color}m${app.name}|\u001b[0m `;
  for (const stream of [child.stdout, child.stderr]) {
    let partial = "";
    stream.on("data", (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) process.stdout.write(`${prefix}${line}\n`);
    });
  }
  child.on("exit", (code) => stopAll(code ?? 1));
  children.push(child);
}

process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));
