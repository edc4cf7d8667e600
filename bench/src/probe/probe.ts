/**
 * Preloaded (`node --import`) into every process the bench measures. It adds no code path to the
 * server itself: it counts database statements from the outside (the PostgreSQL wire protocol or
 * PGlite's protocol entry point) and answers the bench's IPC questions about CPU, memory and
 * those counts.
 */
import { ScenarioProfiler } from "./profiler.ts";
import { countPgliteQueries, countPostgresQueries } from "./query-counter.ts";

export interface ProbeStats {
  cpuMicros: number;
  rssBytes: number;
  maxRssBytes: number;
  queries: number;
}

let queries = 0;
// The bench (not the product) configures its probe; the server's own settings stay in packages/env.
const postgresPort = Number(process.env.BENCH_PROBE_PG_PORT ?? 0);
if (postgresPort) countPostgresQueries(postgresPort, () => queries++);
if (process.env.BENCH_PROBE_PGLITE === "1") await countPgliteQueries(() => queries++);

export type ProbeRequest = "stats" | { profileStart: true } | { profileStop: string };

const profiler = new ScenarioProfiler();

process.on("message", (message: ProbeRequest) => {
  if (typeof message === "object" && "profileStart" in message) {
    void profiler.start().then(() => process.send?.({ profiling: true }));
    return;
  }
  if (typeof message === "object" && "profileStop" in message) {
    void profiler.stop(message.profileStop).then(() => process.send?.({ profiled: message.profileStop }));
    return;
  }
  if (message !== "stats") return;
  const cpu = process.cpuUsage();
  const stats: ProbeStats = {
    cpuMicros: cpu.user + cpu.system,
    rssBytes: process.memoryUsage.rss(),
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    queries,
  };
  process.send?.({ stats });
});
// The IPC channel must not keep a server alive after the bench is gone.
process.channel?.unref();
