import type { MiddlewareHandler } from "hono";
import { apiError } from "./errors.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence for cookie-authenticated routes outside Better Auth (which checks origins itself):
 * a state-changing request must come from a trusted origin. A browser always sends `Origin` on
 * such requests; a request without it (the CLI, curl) is accepted unless the browser marks it
 * cross-site through `Sec-Fetch-Site`.
 */
export function originCheck(trustedOrigins: readonly string[]): MiddlewareHandler {
  const trusted = new Set(trustedOrigins.map((origin) => new URL(origin).origin));
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const origin = c.req.header("origin");
    const site = c.req.header("sec-fetch-site");
    const allowed = origin ? trusted.has(origin) : site === undefined || site === "same-origin" || site === "none";
    if (!allowed) return apiError(c, "forbidden", "Cross-origin request refused.");
    await next();
  };
}
