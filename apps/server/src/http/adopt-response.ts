import type { Context } from "hono";

/**
 * Hono rebuilds the context's response whenever a handler's answer lands on a context whose
 * `c.res` was already touched (Hono's CORS middleware sets its headers before `next()`), and
 * again for every `c.header()` after `next()`. Each rebuild reads `response.body`, which turns
 * @hono/node-server's lightweight response into an undici one fed by a web stream: together a few
 * percent of a token grant's CPU. These helpers change the headers in place instead, and leave
 * the rebuild to Hono only for a response whose headers are immutable. (The console's CORS, with a
 * named origin, still appends `Vary` through `c.header()` afterwards: the saving is the protocol
 * endpoints'.) This leans on how Hono's `res` setter behaves, not on its documented API:
 * adopt-response.test.ts pins that behaviour so a Hono upgrade that changes it fails there first.
 */

/** Makes `response` the context's answer, keeping the headers earlier middleware set (CORS, say). */
export function adoptResponse(c: Context, response: Response): Response {
  const pending = c.res.headers;
  try {
    for (const [name, value] of pending) {
      if (name === "content-type" || name === "set-cookie") continue;
      response.headers.set(name, value);
    }
    for (const cookie of pending.getSetCookie()) response.headers.append("set-cookie", cookie);
  } catch {
    // Immutable headers (Response.redirect, say): Hono copies the response when it is returned.
    return response;
  }
  // Clearing first keeps Hono from merging the old response back in (its rebuild).
  c.res = undefined;
  c.res = response;
  return response;
}

/** `c.header()` for after `next()`, without rebuilding the response. */
export function setResponseHeader(c: Context, name: string, value: string): void {
  try {
    c.res.headers.set(name, value);
  } catch {
    c.header(name, value);
  }
}
