import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";

/**
 * Headers every API answer carries. The API serves JSON and a few plain pages (errors, logout
 * confirmation), none of which may be framed or leak their URL (which can hold a signed query) as
 * a referrer. HSTS only in production: it is meaningless over plain-HTTP development.
 */
export function securityHeaders(production: boolean): MiddlewareHandler {
  return secureHeaders({
    strictTransportSecurity: production ? "max-age=63072000; includeSubDomains" : false,
    referrerPolicy: "no-referrer",
    xFrameOptions: "DENY",
    xContentTypeOptions: "nosniff",
    crossOriginResourcePolicy: false,
    crossOriginOpenerPolicy: "same-origin",
    contentSecurityPolicy: { frameAncestors: ["'none'"], baseUri: ["'none'"], objectSrc: ["'none'"] },
  });
}
