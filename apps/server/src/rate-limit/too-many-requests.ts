import type { MiddlewareHandler } from "hono";

/** Paths whose callers are OAuth libraries: they read `{error, error_description}` JSON. */
const OAUTH_PATH = /^\/api\/auth\/oauth2\//;

/**
 * A 429 callers can read: OAuth endpoints answer an OAuth error (RFC 6749 §5.2 shape; openid-client
 * refuses Better Auth's text/plain answer outright), the others Better Auth's `{code, message}`.
 * Both say when to come back in `Retry-After` (and Better Auth's `X-Retry-After`).
 */
export function tooManyRequests(path: string, retryAfterSeconds: number, why = "Too many requests"): Response {
  const seconds = String(Math.max(1, Math.ceil(retryAfterSeconds)));
  const message = `${why}; try again in ${seconds} s.`;
  const body = OAUTH_PATH.test(path) ? { error: "temporarily_unavailable", error_description: message } : { code: "TOO_MANY_REQUESTS", message };
  return Response.json(body, { status: 429, headers: { "Retry-After": seconds, "X-Retry-After": seconds, "Cache-Control": "no-store" } });
}

/** Better Auth's own 429 (text/plain, `X-Retry-After` only) rewritten as {@link tooManyRequests}. */
export function readableRateLimit(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const response = c.res;
    if (response.status !== 429 || (response.headers.get("content-type") ?? "").includes("application/json")) return;
    const seconds = Number(response.headers.get("x-retry-after") ?? response.headers.get("retry-after") ?? "60");
    c.res = undefined;
    c.res = tooManyRequests(c.req.path, Number.isFinite(seconds) ? seconds : 60);
  };
}
