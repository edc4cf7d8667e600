import { z } from "zod";

/**
 * `active`: signs new tokens. `standby`: live but not the newest. `retired`: no longer signs but
 * stays in the JWKS for the grace period. `expired`: past the grace period, no longer published.
 */
export const signingKey = z
  .object({
    kid: z.string(),
    alg: z.string(),
    crv: z.string().optional(),
    created_at: z.string(),
    retired_at: z.string().optional(),
    published_until: z.string().optional(),
    status: z.enum(["active", "standby", "retired", "expired"]),
  })
  .meta({ id: "SigningKey" });

export type SigningKey = z.infer<typeof signingKey>;

export const signingKeys = z.object({ keys: z.array(signingKey), grace_period_seconds: z.number().int() }).meta({ id: "SigningKeys" });
export type SigningKeys = z.infer<typeof signingKeys>;
