import { Hono } from "hono";
import type { Context } from "hono";
import { jwtVerify } from "jose";
import type { RpDeps } from "./deps.ts";

const LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";
export const BACKCHANNEL_LOGOUT_PATH = "/auth/backchannel-logout";

/**
 * OpenID Connect Back-Channel Logout 1.0 §2.6: the provider posts a `logout_token` when a person's
 * session ends (sign-out, ban, revoked sessions). It is checked like an ID token (signature against
 * the JWKS, issuer, audience) plus `typ: logout+jwt`, the logout event, `sub` or `sid`, no
 * `nonce`; then the session it names is ended here. 200 once done, 400 for a token that fails.
 */
export function backchannelRoute(deps: RpDeps) {
  const { rp, provider, logouts } = deps;
  const refuse = (c: Context, description: string) => {
    deps.log?.("back-channel logout refused", description);
    return c.json({ error: "invalid_request", error_description: description }, 400);
  };
  return new Hono().post(BACKCHANNEL_LOGOUT_PATH, async (c) => {
    c.header("Cache-Control", "no-store");
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const token = typeof form.logout_token === "string" ? form.logout_token : undefined;
    if (!token) return refuse(c, "logout_token missing");
    let claims: Awaited<ReturnType<typeof jwtVerify>>["payload"];
    try {
      ({ payload: claims } = await jwtVerify(token, provider.jwks, {
        issuer: provider.issuer,
        audience: rp.clientId,
        typ: "logout+jwt",
        algorithms: ["RS256", "ES256", "EdDSA"],
        requiredClaims: ["iat", "jti", "events"],
        maxTokenAge: "5m",
        currentDate: deps.now?.(),
      }));
    } catch (error) {
      return refuse(c, `logout_token did not verify: ${error instanceof Error ? error.message : "invalid"}`);
    }
    const events = claims.events as Record<string, unknown> | undefined;
    if (!events || typeof events[LOGOUT_EVENT] !== "object") return refuse(c, "not a logout event");
    if (!claims.sub && typeof claims.sid !== "string") return refuse(c, "neither sub nor sid");
    if ("nonce" in claims) return refuse(c, "a logout token has no nonce");
    // A replayed jti is answered 200 as well: the session it names is already ended.
    logouts.record(claims);
    return c.body(null, 200);
  });
}
