import { z } from "zod";

/** Bounds of a JWT access token's lifetime, in seconds (kept equal to @iam/auth's JWT_ACCESS_TOKEN_LIFETIME). */
export const JWT_LIFETIME_BOUNDS = { default: 600, min: 60, max: 3600 } as const;

/**
 * How tokens are issued to a client, beside its RFC 7591 metadata. `access_token_format`: `jwt`
 * gives RFC 9068 JWT access tokens (`aud` the client_id) that a backend verifies with the JWKS;
 * `opaque` (default) tokens are checked by introspection and can be revoked at once.
 * `access_token_lifetime`: seconds a JWT access token lives (null: the default).
 * `refresh_token_policy`: `always` issues a refresh token on every code exchange,
 * `offline_access` (default) only when that scope is requested.
 * `require_second_factor`: every authorization for the client needs a second factor; a person
 * with one is asked for it even from a signed-in session, a person without one enrolls first.
 */
export const tokenPolicyFields = {
  access_token_format: z.enum(["opaque", "jwt"]),
  access_token_lifetime: z
    .number()
    .int()
    .min(JWT_LIFETIME_BOUNDS.min, `At least ${JWT_LIFETIME_BOUNDS.min} seconds`)
    .max(JWT_LIFETIME_BOUNDS.max, `At most ${JWT_LIFETIME_BOUNDS.max} seconds (1 hour)`)
    .nullable(),
  refresh_token_policy: z.enum(["offline_access", "always"]),
  require_second_factor: z.boolean(),
};

export const tokenPolicyInput = {
  access_token_format: tokenPolicyFields.access_token_format.optional(),
  access_token_lifetime: tokenPolicyFields.access_token_lifetime.optional(),
  refresh_token_policy: tokenPolicyFields.refresh_token_policy.optional(),
  require_second_factor: tokenPolicyFields.require_second_factor.optional(),
};

/** As the API shows it: the lifetime in force (the default when none was set). */
export const tokenPolicyView = {
  access_token_format: tokenPolicyFields.access_token_format,
  access_token_lifetime: z.number().int(),
  refresh_token_policy: tokenPolicyFields.refresh_token_policy,
  require_second_factor: tokenPolicyFields.require_second_factor,
};

export type TokenPolicyView = { [K in keyof typeof tokenPolicyView]: z.infer<(typeof tokenPolicyView)[K]> };
export type TokenPolicyInput = { [K in keyof typeof tokenPolicyInput]?: z.infer<(typeof tokenPolicyInput)[K]> };
export const TOKEN_POLICY_KEYS = Object.keys(tokenPolicyInput) as (keyof TokenPolicyInput)[];
