/**
 * Scopes this provider grants. `offline_access` is what yields a refresh token; `organization`
 * gives the user's organization and role so relying parties can map groups to their own roles.
 */
export const SUPPORTED_SCOPES = ["openid", "profile", "email", "offline_access", "organization"] as const;

export type SupportedScope = (typeof SUPPORTED_SCOPES)[number];

/** Claims beyond OpenID Connect's standard ones, advertised in discovery's `claims_supported`. */
export const ORGANIZATION_CLAIMS = ["organizationId", "role"] as const;

/**
 * Discovery's `claims_supported`: the plugin's own (identity, and the standard claims it resolves
 * for the scopes above) plus what `standardClaimsFor` adds. A test requests each one.
 */
export const CLAIMS_SUPPORTED = [
  "sub",
  "iss",
  "aud",
  "exp",
  "iat",
  "sid",
  "scope",
  "azp",
  "name",
  "picture",
  "given_name",
  "family_name",
  "updated_at",
  "email",
  "email_verified",
  ...ORGANIZATION_CLAIMS,
] as const;

interface ClaimSource {
  id?: string;
  name: string;
  email: string;
  emailVerified: boolean;
  image?: string | null;
  updatedAt?: Date | null;
  organizationId?: string | null;
  role?: string | null;
}

/**
 * Profile and email claims for the ID token. Many relying parties (Auth.js, @hono/oidc-auth, …)
 * read the user only from the ID token, so these must not live in userinfo alone.
 */
export function standardClaimsFor(user: ClaimSource, scopes: readonly string[]): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  if (scopes.includes("profile")) {
    claims.name = user.name;
    if (user.image) claims.picture = user.image;
    if (user.updatedAt) claims.updated_at = Math.floor(new Date(user.updatedAt).getTime() / 1000);
  }
  if (scopes.includes("email")) {
    claims.email = user.email;
    claims.email_verified = user.emailVerified;
  }
  return { ...claims, ...organizationClaimsFor(user, scopes) };
}

/**
 * `organization` scope: the user's organization (a user attribute; a user nobody assigned to one
 * is an organization of their own, so the claim is never empty) and the admin plugin's role.
 */
export function organizationClaimsFor(user: ClaimSource, scopes: readonly string[]): Record<string, unknown> {
  if (!scopes.includes("organization")) return {};
  const claims: Record<string, unknown> = {};
  const organizationId = user.organizationId || user.id;
  if (organizationId) claims.organizationId = organizationId;
  if (user.role) claims.role = user.role;
  return claims;
}
