import { randomBytes } from "node:crypto";
import { Hono } from "hono";
import type { Context } from "hono";
import * as oidc from "openid-client";
import { z } from "zod";
import { toAppUser, verifyProviderJwt } from "./app-user.ts";
import type { RpDeps } from "./deps.ts";
import { clearTokenCookies, readCookie, REFRESH_COOKIE, REFRESH_PATH, SESSION_COOKIE, SID_COOKIE, setTokenCookies } from "./cookies.ts";
import type { TokenSet } from "./cookies.ts";
import { OneTimeStore } from "./one-time-store.ts";
import { completePage, errorPage } from "./pages.ts";

export const SCOPE = "openid profile email organization offline_access";
const PENDING_LOGIN_TTL_MS = 10 * 60_000;
const EXCHANGE_CODE_TTL_MS = 60_000;

interface PendingLogin {
  verifier: string;
  nonce: string;
  returnTo: string;
}

const exchangeBody = z.object({ code: z.string().min(20).max(100) });

/** Only same-site paths: an open redirect after login would hand the session to anyone. */
function safeReturnTo(value: string | undefined): string {
  return value?.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : "/";
}

export function authRoutes(deps: RpDeps) {
  const { rp, provider } = deps;
  const now = () => deps.now?.() ?? new Date();
  const pending = new OneTimeStore<PendingLogin>(PENDING_LOGIN_TTL_MS, () => now().getTime());
  const exchanges = new OneTimeStore<TokenSet>(EXCHANGE_CODE_TTL_MS, () => now().getTime());
  const redirectUri = `${rp.appUrl}/auth/callback`;

  /** State-changing endpoints answer only to this app's own pages. */
  const sameOrigin = (c: Context) => c.req.header("origin") === new URL(rp.appUrl).origin;

  return new Hono()
    .get("/auth/login", async (c) => {
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      pending.put(state, { verifier, nonce, returnTo: safeReturnTo(c.req.query("return_to")) });
      const url = oidc.buildAuthorizationUrl(provider.config, {
        redirect_uri: redirectUri,
        scope: SCOPE,
        state,
        nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
      });
      return c.redirect(url.toString(), 302);
    })
    .get("/auth/callback", async (c) => {
      const current = new URL(c.req.url);
      const callbackUrl = new URL(`${redirectUri}${current.search}`);
      const state = callbackUrl.searchParams.get("state") ?? "";
      const login = pending.take(state);
      if (!login) return c.html(errorPage("This sign-in link has expired or was already used.", "Start again"), 400);
      if (callbackUrl.searchParams.has("error")) {
        return c.html(errorPage(`The provider answered: ${callbackUrl.searchParams.get("error")}.`, "Try again"), 400);
      }
      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
      try {
        // Server to server, through the internal URL; PKCE, state, nonce and the ID token checked.
        tokens = await oidc.authorizationCodeGrant(provider.config, callbackUrl, {
          pkceCodeVerifier: login.verifier,
          expectedState: state,
          expectedNonce: login.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        deps.log?.("token exchange failed", error instanceof Error ? error.message : String(error));
        return c.html(errorPage("Signing in failed at the token exchange.", "Try again"), 502);
      }
      const idToken = tokens.id_token ?? "";
      const verified = await verifyProviderJwt(idToken, provider.jwks, { issuer: provider.issuer, audience: rp.clientId, now: now() });
      if (!verified.ok) return c.html(errorPage("The provider's ID token did not verify.", "Try again"), 502);
      deps.users.upsert(toAppUser(verified.claims, now()));

      // Tokens never travel in a URL: the page gets a one-time code and trades it for cookies.
      const code = randomBytes(32).toString("base64url");
      const sid = typeof verified.claims.sid === "string" ? verified.claims.sid : undefined;
      exchanges.put(code, { idToken, accessToken: tokens.access_token, refreshToken: tokens.refresh_token, expiresIn: tokens.expires_in, sid });
      const target = new URL("/auth/complete", rp.appUrl);
      target.searchParams.set("exchange", code);
      target.searchParams.set("return_to", login.returnTo);
      return c.redirect(target.toString(), 302);
    })
    .get("/auth/complete", (c) => {
      c.header("Referrer-Policy", "no-referrer");
      return c.html(completePage());
    })
    .post("/auth/exchange", async (c) => {
      if (!sameOrigin(c)) return c.json({ error: "forbidden" }, 403);
      const parsed = exchangeBody.safeParse(await c.req.json().catch(() => undefined));
      if (!parsed.success) return c.json({ error: "invalid_request" }, 400);
      const tokens = exchanges.take(parsed.data.code);
      if (!tokens) return c.json({ error: "invalid_grant", error_description: "Unknown, used or expired exchange code." }, 400);
      setTokenCookies(c, tokens, rp.secureCookies);
      c.header("Cache-Control", "no-store");
      return c.json({ ok: true });
    })
    .post(REFRESH_PATH, async (c) => {
      if (!sameOrigin(c)) return c.json({ error: "forbidden" }, 403);
      const refreshToken = readCookie(c, REFRESH_COOKIE);
      if (!refreshToken) return c.json({ error: "unauthorized" }, 401);
      const sid = readCookie(c, SID_COOKIE);
      // The provider ended this session (back-channel logout): no refresh brings it back.
      if (deps.logouts.sessionEnded(sid)) {
        clearTokenCookies(c, rp.secureCookies);
        return c.json({ error: "unauthorized" }, 401);
      }
      try {
        const tokens = await oidc.refreshTokenGrant(provider.config, refreshToken);
        const idToken = tokens.id_token ?? readCookie(c, SESSION_COOKIE) ?? "";
        const claims = tokens.claims();
        if (claims && deps.logouts.ended(claims)) throw new Error("signed out by the provider");
        setTokenCookies(
          c,
          { idToken, accessToken: tokens.access_token, refreshToken: tokens.refresh_token ?? refreshToken, expiresIn: tokens.expires_in, sid },
          rp.secureCookies,
        );
        c.header("Cache-Control", "no-store");
        return c.json({ ok: true });
      } catch {
        // Revoked, expired or reused: the person signs in again.
        clearTokenCookies(c, rp.secureCookies);
        return c.json({ error: "unauthorized" }, 401);
      }
    })
    .post("/auth/logout", async (c) => {
      if (!sameOrigin(c)) return c.json({ error: "forbidden" }, 403);
      const idToken = readCookie(c, SESSION_COOKIE);
      clearTokenCookies(c, rp.secureCookies);
      if (!provider.endSessionEndpoint) return c.redirect("/", 303);
      // RP-initiated logout ends the provider's session too, then comes back here.
      const url = oidc.buildEndSessionUrl(provider.config, {
        post_logout_redirect_uri: `${rp.appUrl}/`,
        client_id: rp.clientId,
        ...(idToken ? { id_token_hint: idToken } : {}),
      });
      return c.redirect(url.toString(), 303);
    });
}
