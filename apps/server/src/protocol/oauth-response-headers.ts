import type { Context, MiddlewareHandler } from "hono";
import { AUTH_PATHS, fullAuthPath } from "@iam/auth";

/** Endpoints a client authenticates to (RFC 6749 §2.3): a 401 there challenges for client credentials. */
const CLIENT_AUTH_PATHS = new Set<string>([fullAuthPath(AUTH_PATHS.token), fullAuthPath(AUTH_PATHS.introspect), fullAuthPath(AUTH_PATHS.revoke)]);
/** The protected resource of the provider itself (RFC 6750). */
const BEARER_PATHS = new Set<string>([fullAuthPath(AUTH_PATHS.userinfo)]);

/**
 * Normalises what relying parties and caches see from the token-bearing endpoints:
 * - `Cache-Control: no-store` and `Pragma: no-cache` on every answer, errors included (RFC 6749 §5.1),
 *   since an error can echo client input and a success carries tokens or claims;
 * - `invalid_client` always as a 401;
 * - a `WWW-Authenticate` challenge on every 401 (RFC 6749 §5.2, RFC 6750 §3), which the plugin
 *   leaves out when credentials or the token are missing altogether.
 */
export function oauthResponseHeaders(realm: string): MiddlewareHandler {
  const quotedRealm = realm.replace(/["\\]/g, "");
  return async (c, next) => {
    await next();
    const path = c.req.path;
    const clientAuth = CLIENT_AUTH_PATHS.has(path);
    const bearer = BEARER_PATHS.has(path);
    if (!clientAuth && !bearer) return;
    if (clientAuth && c.res.status === 400) await invalidClientIs401(c);
    c.res.headers.set("Cache-Control", "no-store");
    c.res.headers.set("Pragma", "no-cache");
    if (c.res.status !== 401 || c.res.headers.has("WWW-Authenticate")) return;
    c.res.headers.set("WWW-Authenticate", clientAuth ? `Basic realm="${quotedRealm}"` : `Bearer realm="${quotedRealm}"`);
  };
}

/** RFC 6749 §5.2: `invalid_client` is a 401; the plugin answers some (wrong auth method) with 400. */
async function invalidClientIs401(c: Context): Promise<void> {
  if (!(c.res.headers.get("content-type") ?? "").includes("application/json")) return;
  const body = await c.res.clone().text();
  let error: unknown;
  try {
    error = (JSON.parse(body) as { error?: unknown }).error;
  } catch {
    return;
  }
  if (error !== "invalid_client") return;
  c.res = new Response(body, { status: 401, headers: c.res.headers });
}
