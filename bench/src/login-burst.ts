import autocannon from "autocannon";
import { measure } from "./measure.ts";
import type { PreparedTarget } from "./setup/shapes.ts";

export interface LoginBurstResult {
  rate: number;
  aloneP99: number;
  duringP99: number;
  signInConnections: number;
  signInsPerSecond: number;
  errors: number;
}

/**
 * How much a burst of password sign-ins slows everyone else: userinfo at a fixed moderate rate,
 * first alone, then while sign-ins run flat out beside it.
 */
export async function loginBurst(target: PreparedTarget, seconds: number): Promise<LoginBurstResult | undefined> {
  const signIn = target.signIn;
  if (!signIn) return undefined;
  // Well under A's userinfo capacity, so the p99 shows interference rather than queueing.
  const rate = 20;
  const signInConnections = 8;
  const alone = await measure("userinfo", target, { seconds, overallRate: rate, connections: 2 });
  const [during, burst] = await Promise.all([
    measure("userinfo", target, { seconds, overallRate: rate, connections: 2 }),
    autocannon({
      url: target.process.url,
      requests: [{ method: "POST", path: signIn.path, headers: signIn.headers, body: signIn.body }],
      connections: signInConnections,
      duration: seconds,
    }),
  ]);
  if (!alone || !during) return undefined;
  return {
    rate,
    aloneP99: alone.p99,
    duringP99: during.p99,
    signInConnections,
    signInsPerSecond: burst.requests.total / seconds,
    errors: alone.errors + during.errors + burst.errors + burst.timeouts + burst.non2xx,
  };
}
