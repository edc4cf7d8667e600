import { organizationClaimsFor } from "../scopes.ts";
import type { LiveAccessToken, TokenUser } from "./token-status.ts";

/**
 * The plugin's `splitDisplayName`: given and family names from a display name of two or more words.
 */
function splitDisplayName(name: string | undefined): { given?: string; family?: string } {
  if (!name) return {};
  const parts = name.split(" ").filter((part) => part !== "");
  if (parts.length <= 1) return {};
  return { given: parts.slice(0, -1).join(" "), family: parts.at(-1) };
}

/** The plugin's STANDARD_CLAIMS (OIDC Core §5.1), each with the scope that grants it. */
const STANDARD_CLAIMS: Record<string, { scope: string; resolve: (user: TokenUser) => unknown }> = {
  name: { scope: "profile", resolve: (user) => user.name },
  picture: { scope: "profile", resolve: (user) => user.image ?? undefined },
  given_name: { scope: "profile", resolve: (user) => splitDisplayName(user.name).given },
  family_name: { scope: "profile", resolve: (user) => splitDisplayName(user.name).family },
  email: { scope: "email", resolve: (user) => user.email },
  email_verified: { scope: "email", resolve: (user) => user.emailVerified ?? false },
};

function withoutUndefined(claims: Record<string, unknown>): Record<string, unknown> {
  const next: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(claims)) if (value !== undefined) next[key] = value;
  return next;
}

/**
 * RFC 7662 answer for a live opaque access token, as the plugin's `validateOpaqueAccessToken`
 * shapes it for a token without resources or confirmation (those go to the plugin): the project's
 * `customAccessTokenClaims` adds nothing without resources, and the subject is the user's id
 * (pairwise clients go to the plugin).
 */
export function introspectionBody(token: LiveAccessToken, issuer: string): Record<string, unknown> {
  return withoutUndefined({
    active: true,
    iss: issuer,
    client_id: token.clientId,
    azp: token.clientId,
    sub: token.user?.id,
    sid: token.sessionId,
    exp: Math.floor(token.expiresAt.getTime() / 1000),
    iat: Math.floor(token.createdAt.getTime() / 1000),
    scope: token.scopes.join(" "),
    token_type: "Bearer",
  });
}

/**
 * OIDC UserInfo claims as the plugin's `userInfoEndpoint` builds them: `sub`, the standard claims
 * of the granted scopes or named in `claims.userinfo` when the token was issued, then the
 * project's `customUserInfoClaims` (the `organization` scope's claims), `sub` pinned last.
 */
export function userInfoClaims(user: TokenUser, scopes: readonly string[], requestedClaims: readonly string[]): Record<string, unknown> {
  const requested = new Set(requestedClaims);
  const base: Record<string, unknown> = { sub: user.id };
  for (const [name, definition] of Object.entries(STANDARD_CLAIMS)) {
    if (scopes.includes(definition.scope) || requested.has(name)) base[name] = definition.resolve(user);
  }
  const custom = withoutUndefined(organizationClaimsFor(user, scopes));
  return withoutUndefined({ ...base, ...custom, sub: base.sub });
}
