import { randomUUID } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { setResponseHeader } from "./adopt-response.ts";
import type { Logger } from "./logger.ts";

export type RequestIdVariables = { requestId: string };

/**
 * Logs one line per request: method, path without its query string (which can carry codes,
 * tokens or signed state), status and duration. The request id is echoed in `X-Request-Id` and,
 * for JSON errors (ours and Better Auth's), as `request_id` in the body, so a person reporting an
 * error hands over the id that finds its log line.
 *
 * Not `hono/request-id`: it adopts an `X-Request-Id` the client sends, so a caller could choose
 * the id its log lines and error bodies carry (and reuse another request's); here every request
 * gets a fresh one.
 */
export function requestLog(logger: Logger): MiddlewareHandler<{ Variables: RequestIdVariables }> {
  return async (c, next) => {
    const started = performance.now();
    const requestId = randomUUID();
    c.set("requestId", requestId);
    await next();
    await addRequestIdToError(c, requestId);
    setResponseHeader(c, "X-Request-Id", requestId);
    logger.log("info", "request", {
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}

async function addRequestIdToError(c: Context, requestId: string): Promise<void> {
  const response = c.res;
  if (response.status < 400 || !response.headers.get("content-type")?.includes("application/json")) return;
  const body: unknown = await response
    .clone()
    .json()
    .catch(() => undefined);
  if (!body || typeof body !== "object" || Array.isArray(body) || "request_id" in body) return;
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  // Assigning over an existing response would merge the old headers back in (content-length too).
  c.res = undefined;
  c.res = new Response(JSON.stringify({ ...body, request_id: requestId }), { status: response.status, statusText: response.statusText, headers });
}
