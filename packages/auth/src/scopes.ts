/** Scopes this provider grants. `offline_access` is what yields a refresh token. */
export const SUPPORTED_SCOPES = ["openid", "profile", "email", "offline_access"] as const;

export type SupportedScope = (typeof SUPPORTED_SCOPES)[number];

interface ClaimSource {
  name: string;
  email: string;
  emailVerified: boolean;
  image?: string | null;
  updatedAt?: Date | null;
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
  return claims;
}
