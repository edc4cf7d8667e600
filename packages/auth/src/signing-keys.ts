import type { JwtOptions } from "better-auth/plugins/jwt";

/**
 * How long a retired signing key stays in the JWKS, so tokens it signed keep verifying. Longer
 * than any token it signs lives (ID and access tokens: an hour) and any relying party's JWKS cache.
 */
export const JWKS_GRACE_PERIOD_SECONDS = 7 * 24 * 60 * 60;

export const jwtOptions = {
  // OpenID Connect requires RS256 support, and many relying parties verify nothing else.
  jwks: { keyPairConfig: { alg: "RS256", modulusLength: 2048 }, gracePeriod: JWKS_GRACE_PERIOD_SECONDS },
  disableSettingJwtHeader: true,
} satisfies JwtOptions;
