import { z } from "zod";

/** One of the signed-in person's own sessions, as the account page lists it. */
export const accountSession = z
  .object({
    id: z.string(),
    /** The session this request was made with. */
    current: z.boolean(),
    /** The user agent in plain words ("Chrome 141 on Linux"); "Unknown device" when there is none. */
    device: z.string(),
    /** The client address as the audit log shows it (`::1`, `203.0.113.7`). */
    ip_address: z.string().optional(),
    signed_in_at: z.string(),
    /** When the session was last refreshed (Better Auth's `updatedAt`, moved on at most once per `updateAge`). */
    last_used_at: z.string(),
    expires_at: z.string(),
  })
  .meta({ id: "AccountSession" });

/** An application the person has allowed, with the scopes they allowed. */
export const connectedApplication = z
  .object({
    consent_id: z.string(),
    client_id: z.string(),
    name: z.string(),
    client_uri: z.string().optional(),
    logo_uri: z.string().optional(),
    scopes: z.array(z.string()),
    granted_at: z.string(),
  })
  .meta({ id: "ConnectedApplication" });

/** Everything the account page shows, in one answer. */
export const accountOverview = z
  .object({
    user: z.object({ id: z.string(), name: z.string(), email: z.string(), email_verified: z.boolean() }),
    sessions: z.array(accountSession),
    applications: z.array(connectedApplication),
  })
  .meta({ id: "AccountOverview" });

export type AccountSession = z.infer<typeof accountSession>;
export type ConnectedApplication = z.infer<typeof connectedApplication>;
export type AccountOverview = z.infer<typeof accountOverview>;
