import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

const KIB = 1024;

/**
 * The largest request body each path accepts, in bytes. Protocol requests a relying party sends
 * are small: a token request with a signed client assertion or several `resource` values stays
 * under 8 KiB, an introspection or revocation (one token) under 4 KiB. Client registration and
 * the admin API carry lists of URIs and inline JWKS. Everything else (sign-in, sign-up, consent,
 * account changes) is a form or a small JSON document.
 */
export const BODY_LIMITS = {
  token: 8 * KIB,
  introspectOrRevoke: 4 * KIB,
  clientRegistrationOrAdmin: 64 * KIB,
  other: 16 * KIB,
} as const;

const CLIENT_REGISTRATION = /^\/api\/auth\/(oauth2\/(register|create-client|update-client)|admin\/oauth2\/)/;

export function bodyLimitFor(path: string): number {
  if (path === "/api/auth/oauth2/token") return BODY_LIMITS.token;
  if (path === "/api/auth/oauth2/introspect" || path === "/api/auth/oauth2/revoke") return BODY_LIMITS.introspectOrRevoke;
  if (path.startsWith("/api/admin/") || CLIENT_REGISTRATION.test(path)) return BODY_LIMITS.clientRegistrationOrAdmin;
  return BODY_LIMITS.other;
}

/**
 * Bounds every request body before any layer reads it (the metrics, NUL check, grant lock and
 * Better Auth would otherwise read it whole into memory). Hono's own middleware answers at once
 * when `Content-Length` is too large, and stops reading a chunked body as soon as it passes the
 * limit; either way the rest is never read. The answer is a JSON `invalid_request` with 413.
 */
function tooLarge(c: Context, maxSize: number): Response {
  // The unread rest of the body would otherwise keep the connection busy: close it.
  c.header("Connection", "close");
  return c.json({ error: "invalid_request", error_description: `The request body is larger than ${maxSize} bytes.` }, 413);
}

export function requestBodyLimits(): MiddlewareHandler {
  const byLimit = new Map<number, MiddlewareHandler>();
  for (const maxSize of new Set(Object.values(BODY_LIMITS))) {
    byLimit.set(
      maxSize,
      bodyLimit({
        maxSize,
        onError: (c) => tooLarge(c, maxSize),
      }),
    );
  }
  return async (c, next) => {
    // Hono's bodyLimit first asks for `c.req.raw.body`, which makes @hono/node-server build a full
    // undici Request around a web stream of the socket (`Readable.toWeb`) on every request, GETs
    // included; the body-read-once layer then reads that stream. What bodyLimit decides without
    // reading (no body on GET/HEAD; a Content-Length without Transfer-Encoding) is decided here
    // from the headers, so the body is later read straight off the socket. Chunked bodies still
    // go through bodyLimit, which counts them as they arrive.
    const method = c.req.method;
    if (method === "GET" || method === "HEAD") return next();
    const maxSize = bodyLimitFor(c.req.path);
    const headers = c.req.raw.headers;
    const length = headers.get("content-length");
    if (length !== null && !headers.has("transfer-encoding")) return Number.parseInt(length || "0", 10) > maxSize ? tooLarge(c, maxSize) : next();
    return byLimit.get(maxSize)!(c, next);
  };
}
