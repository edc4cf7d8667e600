import autocannon from "autocannon";
import type { ScenarioName } from "./scenarios.ts";
import { planScenario } from "./scenarios.ts";
import type { PreparedTarget } from "./setup/shapes.ts";

const STATEFUL = new Set<ScenarioName>(["userinfo", "introspection", "refresh", "code_flow"]);

export interface Measurement {
  scenario: ScenarioName;
  role: PreparedTarget["role"];
  opsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  errorSample?: string;
  cpuMsPerOp: number;
  queriesPerOp: number;
  rssBytes: number;
  maxRssBytes: number;
}

export interface MeasureOptions {
  seconds: number;
  /** Fixed request rate (requests/s over all connections) instead of as fast as possible. */
  overallRate?: number;
  connections?: number;
}

/** One bounded autocannon run of one scenario against one target, with the target's own counters. */
export async function measure(scenario: ScenarioName, target: PreparedTarget, options: MeasureOptions): Promise<Measurement | undefined> {
  if (target.renew && STATEFUL.has(scenario)) await target.renew();
  const plan = planScenario(scenario, target);
  if (!plan) return undefined;
  const before = await target.process.stats();
  const result = await autocannon({
    url: target.process.url,
    requests: plan.requests,
    connections: options.connections ?? plan.connections,
    duration: options.seconds,
    timeout: 10,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
  });
  const after = await target.process.stats();
  const ops = result.requests.total / plan.requestsPerOp;
  // Anything but the expected answer is an error: sockets, timeouts and wrong statuses or bodies.
  const errors = result.errors + result.timeouts + plan.invalid.count;
  return {
    scenario,
    role: target.role,
    opsPerSecond: ops / options.seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors,
    ...(plan.invalid.sample ? { errorSample: plan.invalid.sample } : {}),
    cpuMsPerOp: ops ? (after.cpuMicros - before.cpuMicros) / 1000 / ops : 0,
    queriesPerOp: ops ? (after.queries - before.queries) / ops : 0,
    rssBytes: after.rssBytes,
    maxRssBytes: after.maxRssBytes,
  };
}
