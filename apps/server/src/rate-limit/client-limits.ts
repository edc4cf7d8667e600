import { AUTH_PATHS, CLIENT_IP_HEADER, fullAuthPath } from "@iam/auth";
import type { MiddlewareHandler } from "hono";
import { counterKey } from "./counter-store.ts";
import type { CounterStore } from "./counter-store.ts";
import type { RateLimits } from "./limits.ts";
import { tooManyRequests } from "./too-many-requests.ts";
import { parsedBody } from "../http/request-body.ts";
import type { RequestBody, RequestBodyVariables } from "../http/request-body.ts";

/** Endpoints where a client authenticates (or names itself, when public). */
export const CLIENT_AUTHENTICATED_PATHS = [
  fullAuthPath(AUTH_PATHS.token),
  fullAuthPath(AUTH_PATHS.introspect),
  fullAuthPath(AUTH_PATHS.revoke),
  // RFC 8628's device authorization endpoint authenticates confidential clients too: without this,
  // it would be a way around the failed-authentication throttle of the token endpoint.
  fullAuthPath(AUTH_PATHS.deviceCode),
] as const;

/**
 * Limits for token, introspection and revocation, replacing Better Auth's per-address ones there
 * (a relying party's backend makes every user's code exchange from one address; a resource
 * server introspects from one address):
 * - failed client authentication (401) per address: after too many, that address is refused
 *   until its window ends, whatever client it names;
 * - volume per client, per endpoint, sized for real traffic. Only what a client could have sent
 *   counts against it: a confidential client's budget (it presents a secret) is charged for
 *   requests that authenticated, never for 401s, so wrong secrets sent in its name cannot use it
 *   up; a public client proves nothing, so its budget is kept per client and address, and whoever
 *   floods in its name exhausts only their own address's share.
 * Both are counted from the answer, so a burst of concurrent requests can overshoot by its size:
 * the limits bound sustained abuse, and client secrets are long random strings.
 */
export function clientLimits(store: CounterStore, limits: RateLimits, enabled: boolean): MiddlewareHandler<{ Variables: RequestBodyVariables }> {
  return async (c, next) => {
    if (!enabled || c.req.method !== "POST") return next();
    const path = c.req.path;
    const address = c.req.header(CLIENT_IP_HEADER) ?? "unknown";
    const failuresKey = counterKey("client-auth-failures", address);
    const failures = await store.check(failuresKey, limits.addressClientAuthFailures);
    if (!failures.allowed) return tooManyRequests(path, failures.retryAfterSeconds, "Too many failed client authentications from this address");

    const body = c.get("requestBody") ?? parsedBody(await c.req.text());
    const claim = claimedClient(c.req.header("authorization"), c.req.header("content-type"), body);
    const volumeKey =
      claim && counterKey(`client-requests${path.slice(path.lastIndexOf("/"))}`, claim.presentsSecret ? claim.clientId : `${claim.clientId}|${address}`);
    if (volumeKey) {
      const volume = await store.check(volumeKey, limits.clientRequests);
      if (!volume.allowed) return tooManyRequests(path, volume.retryAfterSeconds, "Too many requests from this client");
    }
    await next();
    if (c.res.status === 401) await store.record(failuresKey, limits.addressClientAuthFailures);
    else if (volumeKey) await store.record(volumeKey, limits.clientRequests);
  };
}

interface ClientClaim {
  clientId: string;
  /** HTTP Basic, client_secret or a client assertion: a confidential client's proof, checked by Better Auth. */
  presentsSecret: boolean;
}

/** The client a request names (HTTP Basic, or the body for public clients and client_secret_post), and whether it brings proof. */
function claimedClient(authorization: string | undefined, contentType: string | undefined, body: RequestBody): ClientClaim | undefined {
  if (authorization?.toLowerCase().startsWith("basic ")) {
    const decoded = Buffer.from(authorization.slice(6).trim(), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    try {
      const clientId = usable(decodeURIComponent(colon < 0 ? decoded : decoded.slice(0, colon)));
      return clientId ? { clientId, presentsSecret: true } : undefined;
    } catch {
      return undefined;
    }
  }
  const json = contentType?.includes("application/json") ? body.json() : undefined;
  if (contentType?.includes("application/json") && (json === null || typeof json !== "object")) return undefined;
  const fields = (json ?? Object.fromEntries(body.form())) as Record<string, unknown>;
  const clientId = typeof fields.client_id === "string" ? usable(fields.client_id) : undefined;
  if (!clientId) return undefined;
  return { clientId, presentsSecret: typeof fields.client_secret === "string" || typeof fields.client_assertion === "string" };
}

function usable(clientId: string): string | undefined {
  return clientId.length > 0 && clientId.length <= 255 ? clientId : undefined;
}
