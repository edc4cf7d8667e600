import { AUTH_PATHS, CLIENT_IP_HEADER, fullAuthPath } from "@iam/auth";
import type { MiddlewareHandler } from "hono";
import { counterKey } from "./counter-store.ts";
import type { CounterStore } from "./counter-store.ts";
import type { RateLimits } from "./limits.ts";
import { tooManyRequests } from "./too-many-requests.ts";

/** Endpoints where a client authenticates (or names itself, when public). */
export const CLIENT_AUTHENTICATED_PATHS = [fullAuthPath(AUTH_PATHS.token), fullAuthPath(AUTH_PATHS.introspect), fullAuthPath(AUTH_PATHS.revoke)] as const;

/**
 * Limits for token, introspection and revocation, replacing Better Auth's per-address ones there
 * (a relying party's backend makes every user's code exchange from one address; a resource
 * server introspects from one address):
 * - failed client authentication (401) per address: after too many, that address is refused
 *   until its window ends, whatever client it names;
 * - volume per client, per endpoint, sized for real traffic.
 * Failures are counted from the answer, so a burst of concurrent failures can overshoot the
 * address's limit by its size; client secrets are long random strings, so this buys nothing.
 */
export function clientLimits(store: CounterStore, limits: RateLimits, enabled: boolean): MiddlewareHandler {
  return async (c, next) => {
    if (!enabled || c.req.method !== "POST") return next();
    const path = c.req.path;
    const failuresKey = counterKey("client-auth-failures", c.req.header(CLIENT_IP_HEADER) ?? "unknown");
    const failures = await store.check(failuresKey, limits.addressClientAuthFailures);
    if (!failures.allowed) return tooManyRequests(path, failures.retryAfterSeconds, "Too many failed client authentications from this address");

    const clientId = await claimedClientId(c.req.header("authorization"), c.req.header("content-type"), () => c.req.text());
    if (clientId) {
      const volume = await store.reserve(counterKey(`client-requests${path.slice(path.lastIndexOf("/"))}`, clientId), limits.clientRequests);
      if (!volume.allowed) return tooManyRequests(path, volume.retryAfterSeconds, "Too many requests from this client");
    }
    await next();
    if (c.res.status === 401) await store.record(failuresKey, limits.addressClientAuthFailures);
  };
}

/** The client_id a request names (HTTP Basic, or the body for public clients and client_secret_post). */
async function claimedClientId(authorization: string | undefined, contentType: string | undefined, body: () => Promise<string>): Promise<string | undefined> {
  if (authorization?.toLowerCase().startsWith("basic ")) {
    const decoded = Buffer.from(authorization.slice(6).trim(), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    try {
      return usable(decodeURIComponent(colon < 0 ? decoded : decoded.slice(0, colon)));
    } catch {
      return undefined;
    }
  }
  try {
    const text = await body();
    const value: unknown = contentType?.includes("application/json")
      ? (JSON.parse(text) as { client_id?: unknown }).client_id
      : new URLSearchParams(text).get("client_id");
    return typeof value === "string" ? usable(value) : undefined;
  } catch {
    return undefined;
  }
}

function usable(clientId: string): string | undefined {
  return clientId.length > 0 && clientId.length <= 255 ? clientId : undefined;
}
