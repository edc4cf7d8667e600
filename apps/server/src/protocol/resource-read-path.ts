import { AUTH_PATHS, CLIENT_IP_HEADER, createResourceReadPath, fullAuthPath } from "@iam/auth";
import type { Auth, ResourceReadPath } from "@iam/auth";
import type { SqlExecutor } from "@iam/db";
import { counterKey } from "../rate-limit/counter-store.ts";
import type { CounterStore } from "../rate-limit/counter-store.ts";
import type { RateLimits } from "../rate-limit/limits.ts";
import { tooManyRequests } from "../rate-limit/too-many-requests.ts";

const INTROSPECT = fullAuthPath(AUTH_PATHS.introspect);
const USERINFO = fullAuthPath(AUTH_PATHS.userinfo);

export interface ReadPathLimits {
  enabled: boolean;
  counters: CounterStore;
  limits: RateLimits;
}

/**
 * Introspection and userinfo through the project's read path (`@iam/auth`'s resource-reads),
 * placed where Better Auth's handler is called, so the same layers (deadline, client address,
 * body limits, NUL check, OAuth headers, per-client limits, outage answers, metrics) run before
 * and after it. Answers `undefined` for every request the read path leaves to the plugin.
 *
 * Userinfo's per-address volume ceiling is Better Auth's own limiter on the plugin's path; here
 * the same limit is counted in the project's counter store for every userinfo request (before it
 * is known which path answers), so an address gets no more than it did.
 */
export function resourceReadPath(auth: Auth, sql: SqlExecutor, { enabled, counters, limits }: ReadPathLimits) {
  let reads: ResourceReadPath | undefined;
  const readPath = async () => {
    // Better Auth's base URL is the issuer the plugin stamps on `iss`.
    reads ??= createResourceReadPath({ sql, issuer: (await auth.$context).baseURL });
    return reads;
  };
  return async (request: Request): Promise<Response | undefined> => {
    const path = new URL(request.url).pathname;
    if (path === INTROSPECT) return (await readPath()).introspect(request);
    if (path !== USERINFO) return undefined;
    if (enabled) {
      const address = request.headers.get(CLIENT_IP_HEADER) ?? "unknown";
      const decision = await counters.reserve(counterKey("address-requests/userinfo", address), limits.addressRequests);
      if (!decision.allowed) return tooManyRequests(path, decision.retryAfterSeconds);
    }
    return (await readPath()).userinfo(request);
  };
}
