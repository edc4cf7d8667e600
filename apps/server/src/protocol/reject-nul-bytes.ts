import type { MiddlewareHandler } from "hono";

/** A NUL byte, raw, percent-encoded or JSON-escaped. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the NUL character is the point.
const NUL = /\u0000|%00|\\u0000/i;

/**
 * PostgreSQL text cannot hold NUL bytes: a parameter carrying one makes the first query that uses
 * it fail, and Better Auth turns that failure into a 500. No legitimate OAuth or sign-in value
 * contains one, so such requests are refused up front as `invalid_request`. Found by fuzzing
 * (end-session with `client_id=%00`).
 */
export function rejectNulBytes(): MiddlewareHandler {
  return async (c, next) => {
    // The whole URL: a path parameter reaches the database as well, and no parsing is needed.
    const body = c.req.method === "GET" || c.req.method === "HEAD" ? "" : await c.req.text();
    if (NUL.test(c.req.url) || NUL.test(body)) {
      return c.json({ error: "invalid_request", error_description: "Parameters must not contain NUL bytes." }, 400);
    }
    await next();
  };
}
