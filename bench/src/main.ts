/**
 * `pnpm bench`: this server (A) against node-oidc-provider (B, PostgreSQL adapter and in-memory
 * adapter) and a Hono hello-world (the floor), on this machine, in one run, alternating targets
 * round by round after a warm-up. Prints the table and writes docs/benchmarks.md.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createBenchDatabases } from "./databases.ts";
import type { BenchDatabases } from "./databases.ts";
import { loginBurst } from "./login-burst.ts";
import type { LoginBurstResult } from "./login-burst.ts";
import { measure } from "./measure.ts";
import type { Measurement } from "./measure.ts";
import { topFunctions } from "./profile-summary.ts";
import { combine, machineDescription, memoryTable, resultTable } from "./report.ts";
import { SCENARIOS } from "./scenarios.ts";
import type { ScenarioName } from "./scenarios.ts";
import { prepareFloor } from "./setup/floor.ts";
import { prepareIam } from "./setup/iam.ts";
import { preparePeer } from "./setup/peer.ts";
import type { PreparedTarget } from "./setup/shapes.ts";
import { buildTargets } from "./targets/build-targets.ts";
import { runTargetsOn, stopAllTargets } from "./targets/spawn-target.ts";

// The bench is a tool run by hand, not the product: it reads its knobs here.
const env = process.env;
const settings = {
  seconds: Number(env.BENCH_SECONDS ?? 4),
  warmupSeconds: Number(env.BENCH_WARMUP_SECONDS ?? 1),
  rounds: Number(env.BENCH_ROUNDS ?? 2),
  scenarios: (env.BENCH_SCENARIOS?.split(",").filter(Boolean) ?? [...SCENARIOS]) as ScenarioName[],
  /** Per-scenario CPU profiles of A and B-pg after the rounds; "0" skips them. Kept out of git. */
  profileDir: env.BENCH_PROFILE_DIR === "0" ? undefined : (env.BENCH_PROFILE_DIR ?? join(tmpdir(), "iam-bench-profiles")),
  docs: env.BENCH_DOCS ?? fileURLToPath(new URL("../../docs/benchmarks.md", import.meta.url)),
  databaseUrl: env.DATABASE_URL || undefined,
  /** Roles to run, e.g. "A" while profiling; all by default. */
  targets: env.BENCH_TARGETS?.split(",").filter(Boolean),
  /** Another Node.js binary for every target (A, B and the floor alike), e.g. a newer LTS. */
  node: env.BENCH_NODE || undefined,
};

if (settings.node) runTargetsOn(settings.node);
const machine = machineDescription(settings.node);
const startedAt = Date.now();
let databases: BenchDatabases | undefined;
const targets: PreparedTarget[] = [];
try {
  if (settings.databaseUrl) databases = await createBenchDatabases(settings.databaseUrl);
  const refreshPool = 120;
  log("building targets (A: the production bundle)");
  await buildTargets();
  log("preparing targets");
  const wanted = (role: PreparedTarget["role"]) => !settings.targets || settings.targets.includes(role);
  if (wanted("A")) targets.push(await prepareIam({ databaseUrl: databases?.iam, refreshPool }));
  if (databases && wanted("B-pg")) targets.push(await preparePeer(databases.peer, refreshPool));
  if (wanted("B-mem")) targets.push(await preparePeer(undefined, refreshPool));
  if (wanted("floor")) targets.push(await prepareFloor());
  log(`prepared ${targets.map((t) => t.role).join(", ")}`);

  log(`warm-up (${settings.warmupSeconds}s per scenario and target)`);
  for (const scenario of settings.scenarios) for (const target of targets) await measure(scenario, target, { seconds: settings.warmupSeconds });

  const rounds: Measurement[] = [];
  for (let round = 0; round < settings.rounds; round++) {
    for (const scenario of settings.scenarios) {
      // Alternate the order so that no target always runs right after the same neighbour.
      const order = round % 2 === 0 ? targets : [...targets].reverse();
      for (const target of order) {
        const m = await measure(scenario, target, { seconds: settings.seconds });
        if (!m) continue;
        rounds.push(m);
        log(
          `round ${round + 1} ${scenario.padEnd(18)} ${target.role.padEnd(5)} ${m.opsPerSecond.toFixed(0).padStart(6)} ops/s  p99 ${m.p99} ms  errors ${m.errors}${m.errorSample ? ` (${m.errorSample})` : ""}`,
        );
      }
    }
  }

  const iam = targets.find((t) => t.role === "A");
  const burst = iam && settings.scenarios.includes("password_sign_in") ? await loginBurst(iam, settings.seconds) : undefined;
  const profiles = settings.profileDir ? await profileScenarios(settings.profileDir) : [];

  const results = combine(rounds);
  const report = renderReport(results, burst, profiles);
  process.stdout.write(`\n${report}\n`);
  if (settings.docs !== "0") await writeDocs(settings.docs, report);
} finally {
  await stopAllTargets();
  await databases?.drop();
}

async function profileScenarios(dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const lines: string[] = [];
  for (const target of targets.filter((t) => t.role === "A" || t.role === "B-pg")) {
    for (const scenario of settings.scenarios) {
      await target.process.profileStart();
      const m = await measure(scenario, target, { seconds: Math.max(2, settings.seconds / 2) });
      const file = join(dir, `${target.role}-${scenario}.cpuprofile`);
      await target.process.profileStop(file);
      if (!m) continue;
      lines.push(`${target.role} ${scenario} (${m.opsPerSecond.toFixed(0)} ops/s while profiled):`, ...(await topFunctions(file)).map((l) => `  ${l}`));
    }
  }
  return lines;
}

function renderReport(results: Measurement[], burst: LoginBurstResult | undefined, profiles: string[]): string {
  const parts = [
    `Run of ${new Date(startedAt).toISOString()} on ${machine}.`,
    `${settings.rounds} rounds × ${settings.seconds}s per scenario and target after a ${settings.warmupSeconds}s warm-up; loopback, autocannon; ${((Date.now() - startedAt) / 1000).toFixed(0)}s in all.`,
    "",
    ...targets.map((t) => `- ${t.role}: ${t.label}`),
    "",
    resultTable(results, targets),
    "",
    memoryTable(results, targets),
  ];
  if (burst) {
    parts.push(
      "",
      `Login burst on A: userinfo at ${burst.rate} req/s has p99 ${burst.aloneP99} ms alone and ${burst.duringP99} ms while ${burst.signInConnections} connections sign in (${burst.signInsPerSecond.toFixed(0)} sign-ins/s): ${(burst.duringP99 / Math.max(1, burst.aloneP99)).toFixed(2)}× (errors ${burst.errors}).`,
    );
  }
  if (profiles.length) parts.push("", "CPU profiles, top self time per scenario:", "", "```", ...profiles, "```");
  return parts.join("\n");
}

async function writeDocs(path: string, report: string): Promise<void> {
  const start = "<!-- bench:start -->";
  const end = "<!-- bench:end -->";
  const existing = await readFile(path, "utf8").catch(() => `# Benchmarks\n\n${start}\n${end}\n`);
  const before = existing.split(start)[0] ?? "";
  const after = existing.split(end)[1] ?? "\n";
  await writeFile(path, `${before}${start}\n${report}\n${end}${after}`);
  log(`wrote ${path}`);
}

function log(message: string): void {
  process.stderr.write(`[bench ${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)}s] ${message}\n`);
}
