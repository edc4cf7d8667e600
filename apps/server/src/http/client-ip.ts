import { getConnInfo } from "@hono/node-server/conninfo";
import { CLIENT_IP_HEADER } from "@iam/auth";
import type { MiddlewareHandler } from "hono";

/**
 * Decides the client's address once, for Better Auth's rate limiter and session records.
 * `X-Forwarded-For` is believed only when the connection comes from a configured proxy, and
 * then only its right-most address not itself a proxy; anyone else could spoof it and get a
 * fresh rate-limit bucket per request. Whatever the client sent in our header is overwritten.
 */
export function clientIp(trustedProxies: ReadonlySet<string>): MiddlewareHandler {
  return async (c, next) => {
    const peer = normalize(getConnInfo(c).remote.address ?? "");
    let address = peer;
    if (trustedProxies.has(peer)) {
      const forwarded = (c.req.header("x-forwarded-for") ?? "")
        .split(",")
        .map((part) => normalize(part.trim()))
        .filter(Boolean);
      while (forwarded.length > 0 && trustedProxies.has(forwarded.at(-1)!)) forwarded.pop();
      address = forwarded.at(-1) ?? peer;
    }
    c.req.raw.headers.set(CLIENT_IP_HEADER, address || "unknown");
    await next();
  };
}

/** IPv4 clients of a dual-stack socket appear as `::ffff:1.2.3.4`. */
function normalize(address: string): string {
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}
