import { z } from "zod";

const delivery = z.object({
  status: z.enum(["pending", "delivered", "failed"]),
  /** Why the session ended: `session_ended` (sign-out, revoked, password change) or `banned`. */
  reason: z.string(),
  /** Whether the token named one session (`sid`) or every session of the person (`sub` only). */
  session: z.boolean(),
  attempts: z.number().int(),
  created_at: z.string(),
  last_attempt_at: z.string().optional(),
  next_attempt_at: z.string().optional(),
  delivered_at: z.string().optional(),
  last_error: z.string().optional(),
});

/** `GET /api/admin/oauth-clients/:client_id/backchannel-logout`: how logout deliveries went. */
export const backchannelLogoutStatus = z
  .object({
    configured: z.boolean(),
    backchannel_logout_uri: z.string().optional(),
    pending: z.number().int(),
    delivered: z.number().int(),
    failed: z.number().int(),
    last_delivered_at: z.string().optional(),
    last_failure: z.object({ at: z.string(), error: z.string() }).optional(),
    recent: z.array(delivery),
  })
  .meta({ id: "BackchannelLogoutStatus" });
export type BackchannelLogoutStatus = z.infer<typeof backchannelLogoutStatus>;

export const backchannelLogoutRetry = z.object({ scheduled: z.number().int() }).meta({ id: "BackchannelLogoutRetry" });
export type BackchannelLogoutRetry = z.infer<typeof backchannelLogoutRetry>;

/** `GET /api/admin/users/:user_id/logout-reach`: which clients a ban or sign-out would reach. */
export const logoutReach = z
  .object({
    notified: z.array(z.object({ client_id: z.string(), client_name: z.string().optional() })),
    unreachable: z.array(z.object({ client_id: z.string(), client_name: z.string().optional() })),
  })
  .meta({ id: "LogoutReach" });
export type LogoutReach = z.infer<typeof logoutReach>;
