import { execFileSync } from "node:child_process";
import { cpus, loadavg, totalmem, type } from "node:os";
import type { Measurement } from "./measure.ts";
import { SCENARIOS } from "./scenarios.ts";
import type { PreparedTarget } from "./setup/shapes.ts";

type Role = PreparedTarget["role"];

/** Mean of each figure over the rounds (errors are summed: any error is a failure). */
export function combine(rounds: Measurement[]): Measurement[] {
  const groups = new Map<string, Measurement[]>();
  for (const m of rounds) groups.set(`${m.scenario}/${m.role}`, [...(groups.get(`${m.scenario}/${m.role}`) ?? []), m]);
  return [...groups.values()].map((group) => {
    const mean = (pick: (m: Measurement) => number) => group.reduce((sum, m) => sum + pick(m), 0) / group.length;
    const first = group[0] as Measurement;
    return {
      ...first,
      opsPerSecond: mean((m) => m.opsPerSecond),
      p50: mean((m) => m.p50),
      p99: mean((m) => m.p99),
      errors: group.reduce((sum, m) => sum + m.errors, 0),
      cpuMsPerOp: mean((m) => m.cpuMsPerOp),
      queriesPerOp: mean((m) => m.queriesPerOp),
      rssBytes: Math.max(...group.map((m) => m.rssBytes)),
      maxRssBytes: Math.max(...group.map((m) => m.maxRssBytes)),
    };
  });
}

const fmt = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : "–");
const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b ? `${(a / b).toFixed(2)}×` : "–");

export function resultTable(results: Measurement[], targets: PreparedTarget[]): string {
  const find = (scenario: string, role: Role) => results.find((m) => m.scenario === scenario && m.role === role);
  const roles = targets.map((t) => t.role);
  const header = [
    "scenario",
    ...roles.map((role) => `${role} ops/s`),
    ...roles.filter((r) => r.startsWith("B")).map((r) => `A/${r}`),
    "A/floor",
    ...roles.map((role) => `${role} p50/p99 ms`),
    ...roles.map((role) => `${role} CPU ms/op`),
    "A queries/op",
    "B-pg queries/op",
    "errors",
  ];
  const rows = SCENARIOS.map((scenario) => {
    const a = find(scenario, "A");
    return [
      scenario,
      ...roles.map((role) => fmt(find(scenario, role)?.opsPerSecond ?? Number.NaN)),
      ...roles.filter((r) => r.startsWith("B")).map((role) => ratio(a?.opsPerSecond, find(scenario, role)?.opsPerSecond)),
      ratio(a?.opsPerSecond, find(scenario, "floor")?.opsPerSecond),
      ...roles.map((role) => {
        const m = find(scenario, role);
        return m ? `${fmt(m.p50)}/${fmt(m.p99)}` : "–";
      }),
      ...roles.map((role) => fmt(find(scenario, role)?.cpuMsPerOp ?? Number.NaN, 2)),
      fmt(a?.queriesPerOp ?? Number.NaN, 1),
      fmt(find(scenario, "B-pg")?.queriesPerOp ?? Number.NaN, 1),
      roles.map((role) => find(scenario, role)?.errors ?? 0).join("/"),
    ];
  });
  return markdownTable(header, rows);
}

export function memoryTable(results: Measurement[], targets: PreparedTarget[]): string {
  const rss = (role: Role) => Math.max(0, ...results.filter((m) => m.role === role).map((m) => m.maxRssBytes)) / 2 ** 20;
  const rows = targets.map((t) => [t.label, fmt(rss(t.role)), t.role === "A" ? "" : ratio(rss("A"), rss(t.role))]);
  return markdownTable(["target", "peak RSS MiB", "A/this"], rows);
}

export function markdownTable(header: string[], rows: string[][]): string {
  return [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((row) => `| ${row.join(" | ")} |`)].join("\n");
}

/** `nodeBinary`: the Node.js the targets run on, when it is not the bench's own. */
export function machineDescription(nodeBinary?: string): string {
  const cpu = cpus();
  const nodeVersion = nodeBinary ? execFileSync(nodeBinary, ["--version"], { encoding: "utf8" }).trim() : process.version;
  return `${type()} ${process.arch}, ${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, targets on Node ${nodeVersion}; load average at start ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`;
}
