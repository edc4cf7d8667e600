import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";

/**
 * `pnpm dev` / `pnpm start`: the API (:3000) and the console (:3001) side by side, their output
 * prefixed, both stopped together on Ctrl-C or when either exits.
 */
const mode = process.argv[2] === "start" ? "start" : "dev";
const apps = [
  { name: "api", dir: "apps/server", color: 36 },
  { name: "web", dir: "apps/web", color: 35 },
] as const;

const children: ChildProcess[] = [];
let exiting = false;

function stopAll(code: number): void {
  if (exiting) return;
  exiting = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 3000).unref();
  Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode === null ? child.once("exit", resolve) : resolve(null))))).then(
    () => process.exit(code),
  );
}

for (const app of apps) {
  const child = spawn("pnpm", ["-C", app.dir, mode], { stdio: ["ignore", "pipe", "pipe"] });
  const prefix = `\u001b[${app.color}m${app.name.padEnd(4)}|\u001b[0m `;
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
