import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { RequestBodyVariables } from "../http/request-body.ts";

/**
 * Serialises token requests that redeem the same authorization code, or rotate the same refresh
 * token, in this process. For refresh tokens this lets the second of two concurrent refreshes get
 * the first one's stored answer (the reuse interval) instead of invalid_grant.
 *
 * For codes: the plugin
 * consumes a code atomically, but a losing request's replay cleanup can run while the winner is
 * still writing its tokens; one at a time, the first redemption completes and every later one is
 * a plain replay (invalid_grant, and the first redemption's tokens revoked, as RFC 6749 §4.1.2
 * asks). Across instances the patched plugin answers invalid_grant instead of failing.
 */
export function tokenGrantLock(): MiddlewareHandler<{ Variables: RequestBodyVariables }> {
  const inFlight = new Map<string, Promise<unknown>>();
  return async (c, next) => {
    if (c.req.method !== "POST" || !(c.req.header("content-type") ?? "").includes("application/x-www-form-urlencoded")) return next();
    const form = c.get("requestBody")?.form() ?? new URLSearchParams(await c.req.text());
    const grant = form.get("grant_type");
    const secret = grant === "authorization_code" ? form.get("code") : grant === "refresh_token" ? form.get("refresh_token") : null;
    if (!secret) return next();
    // Keyed by a digest so the map never holds a live code or token.
    const key = createHash("sha256").update(`${grant}:${secret}`).digest("base64url");
    const previous = inFlight.get(key) ?? Promise.resolve();
    let release: () => void = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    inFlight.set(key, tail);
    try {
      await previous;
      await next();
    } finally {
      release();
      if (inFlight.get(key) === tail) inFlight.delete(key);
    }
  };
}
