import type { MiddlewareHandler } from "hono";

/**
 * Reads a request body once and hands Better Auth a Request built from that text.
 *
 * Several layers look at a token or sign-in body before Better Auth does (NUL check, the grant
 * lock, metrics). Each `request.clone()` tees a web stream, and the first access to `body` turns
 * @hono/node-server's lightweight request into a full undici Request fed by `Readable.toWeb`; on
 * the token endpoint that was several percent of all CPU. Those layers read `c.req.text()` instead
 * (Hono caches it, and node-server reads it straight off the socket), and this middleware, placed
 * after them and before Better Auth, swaps in a Request whose body is that cached string.
 */
export function bufferedBody(): MiddlewareHandler {
  return async (c, next) => {
    const method = c.req.method;
    if (method !== "GET" && method !== "HEAD") {
      const body = await c.req.text();
      c.req.raw = new Request(c.req.url, { method, headers: c.req.raw.headers, body });
    }
    await next();
  };
}
