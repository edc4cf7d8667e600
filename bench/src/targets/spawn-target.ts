import { fork } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import type { ProbeRequest, ProbeStats } from "../probe/probe.ts";
import { BUILT } from "./build-targets.ts";

export interface TargetProcess {
  readonly name: string;
  /** Where the load generator sends requests (loopback). */
  readonly url: string;
  readonly pid: number | undefined;
  stats(): Promise<ProbeStats>;
  profileStart(): Promise<void>;
  profileStop(file: string): Promise<void>;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  /** JavaScript (see build-targets.ts): the targets run on plain node. */
  entry: string;
  /** Node flags the target runs with in production, e.g. A's `--enable-source-maps`. */
  execArgv?: readonly string[];
  args?: string[];
  env?: Record<string, string>;
  port: number;
  /** A GET path that answers 200 once the target serves requests. */
  readyPath: string;
  quiet?: boolean;
}

const running = new Set<ChildProcess>();

/** The Node.js binary every target runs on: this one unless the bench is told another (BENCH_NODE). */
let targetNode = process.execPath;

export function runTargetsOn(nodeBinary: string): void {
  targetNode = nodeBinary;
}

/** Stops every target still running (also those whose setup failed halfway). */
export async function stopAllTargets(): Promise<void> {
  await Promise.all([...running].map(stopChild));
}

/** Starts a target in its own process, with the (compiled) probe preloaded, and waits until it serves. */
export async function spawnTarget(options: SpawnOptions): Promise<TargetProcess> {
  const child = fork(options.entry, options.args ?? [], {
    execPath: targetNode,
    execArgv: [...(options.execArgv ?? []), "--import", BUILT.probe],
    env: { ...process.env, ...options.env },
    stdio: ["ignore", options.quiet ? "ignore" : "inherit", "inherit", "ipc"],
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  const url = `http://127.0.0.1:${options.port}`;
  const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`${options.name} exited (${code}) before it was ready`))));
  await Promise.race([waitUntilServing(`${url}${options.readyPath}`), exited]);
  exited.catch(() => {});
  return {
    name: options.name,
    url,
    pid: child.pid,
    stats: () => ask<{ stats: ProbeStats }>(child, "stats", (reply) => "stats" in reply).then((reply) => reply.stats),
    profileStart: () => ask(child, { profileStart: true }, (reply) => "profiling" in reply).then(() => undefined),
    profileStop: (file) => ask(child, { profileStop: file }, (reply) => "profiled" in reply).then(() => undefined),
    stop: () => stopChild(child),
  };
}

function ask<T extends object>(child: ChildProcess, request: ProbeRequest, matches: (reply: object) => boolean): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("probe did not answer")), 30_000);
    const onMessage = (reply: unknown) => {
      if (typeof reply !== "object" || reply === null || !matches(reply)) return;
      clearTimeout(timer);
      child.off("message", onMessage);
      resolve(reply as T);
    };
    child.on("message", onMessage);
    child.send(request);
  });
}

async function waitUntilServing(url: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not become ready`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
