import { Hono } from "hono";
import type { Context } from "hono";
import * as oidc from "openid-client";
import { toAppUser, verifyProviderJwt } from "./app-user.ts";
import { ACCESS_COOKIE, readCookie, SESSION_COOKIE } from "./cookies.ts";
import type { RpDeps } from "./deps.ts";

/**
 * The app's own API. A missing, invalid or expired session answers 401, and the page then calls
 * /auth/refresh once and retries: the guide's "refresh on 401".
 */
export function apiRoutes(deps: RpDeps) {
  const { rp, provider } = deps;
  const unauthorized = (c: Context, reason: string) => {
    c.header("WWW-Authenticate", `Bearer error="invalid_token", error_description="${reason}"`);
    return c.json({ error: "unauthorized", reason }, 401);
  };

  return new Hono()
    .use(async (c, next) => {
      await next();
      c.header("Cache-Control", "no-store");
    })
    .get("/api/me", async (c) => {
      const token = readCookie(c, SESSION_COOKIE);
      if (!token) return unauthorized(c, "no session");
      const now = deps.now?.() ?? new Date();
      const verified = await verifyProviderJwt(token, provider.jwks, { issuer: provider.issuer, audience: rp.clientId, now });
      if (!verified.ok) return unauthorized(c, verified.reason === "expired" ? "session expired" : "invalid session");
      if (deps.logouts.ended(verified.claims)) return unauthorized(c, "signed out by the provider");
      const user = deps.users.get(String(verified.claims.sub)) ?? deps.users.upsert(toAppUser(verified.claims, now));
      return c.json({ user, expires_at: verified.claims.exp });
    })
    .get("/api/profile", async (c) => {
      // The access token, presented to the provider's userinfo over the internal URL.
      const accessToken = readCookie(c, ACCESS_COOKIE);
      const idToken = readCookie(c, SESSION_COOKIE);
      if (!accessToken || !idToken) return unauthorized(c, "no session");
      const now = deps.now?.() ?? new Date();
      const verified = await verifyProviderJwt(idToken, provider.jwks, { issuer: provider.issuer, audience: rp.clientId, now });
      if (!verified.ok) return unauthorized(c, verified.reason === "expired" ? "session expired" : "invalid session");
      if (deps.logouts.ended(verified.claims)) return unauthorized(c, "signed out by the provider");
      try {
        return c.json(await oidc.fetchUserInfo(provider.config, accessToken, String(verified.claims.sub)));
      } catch (error) {
        if (error instanceof oidc.WWWAuthenticateChallengeError || (error instanceof oidc.ResponseBodyError && error.status === 401)) {
          return unauthorized(c, "access token rejected");
        }
        throw error;
      }
    });
}
