import { z } from "zod";

/** Counts for the console's overview and the latest sign-ins (from the audit log). */
export const dashboard = z
  .object({
    counts: z.object({ users: z.number().int(), clients: z.number().int(), active_sessions: z.number().int(), consents: z.number().int() }),
    recent_sign_ins: z.array(
      z.object({
        user_id: z.string(),
        email: z.string(),
        name: z.string(),
        at: z.string(),
        ip_address: z.string().optional(),
        user_agent: z.string().optional(),
        impersonated: z.boolean(),
        /** The person is banned now (the sign-in is still shown: it happened). */
        banned: z.boolean(),
      }),
    ),
  })
  .meta({ id: "Dashboard" });

export type Dashboard = z.infer<typeof dashboard>;
