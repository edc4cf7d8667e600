import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { NEXT_BIN, WEB_APP_DIR } from "./next-build.ts";

export interface RunningWeb {
  url: string;
  /** What the console printed, for failure messages. */
  output(): string;
  close(): Promise<void>;
}

/** `next start` on a given port, talking to the API at `apiUrl`. Node runs the next binary directly (no pnpm). */
export async function startWeb(port: number, apiUrl: string): Promise<RunningWeb> {
  const url = `http://localhost:${port}`;
  const child = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: WEB_APP_DIR,
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", BETTER_AUTH_URL: apiUrl, WEB_URL: url },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const web: RunningWeb = { url, output: () => output, close: () => stop(child) };
  try {
    await waitUntilServing(url, child);
  } catch (error) {
    await web.close();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return web;
}

async function waitUntilServing(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/`, { redirect: "manual" });
      await response.arrayBuffer();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
  throw new Error("next start did not answer within 30 s");
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
