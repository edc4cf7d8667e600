import { z } from "zod";

/**
 * Filters: `action` (exact, or a prefix ending in `.` such as `sign_in.`), `actor` (user id or
 * email), `target` (id), `since`/`until` (ISO 8601), paged with `limit` and `cursor`.
 */
export const auditLogQuery = z
  .object({
    action: z.string().trim().min(1).max(64).optional(),
    /** A user id, an email (the user's entries and attempts with that address), or a CLI operator. */
    actor: z.string().trim().min(1).max(320).optional(),
    target: z.string().trim().min(1).max(200).optional(),
    since: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
    /** Opaque cursor from `next_cursor`: the last entry's time and id. */
    cursor: z
      .string()
      .regex(/^\d{13}:[\w-]{1,64}$/)
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

/** Each recorded action in plain words, for the console and the API's `action_label`. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  "sign_in.succeeded": "Signed in",
  "sign_in.failed": "Failed sign-in",
  "user.signed_up": "Signed up",
  sign_out: "Signed out",
  "consent.granted": "Allowed an application",
  "consent.denied": "Denied an application",
  "consent.updated": "Changed an application's permissions",
  "consent.revoked": "Withdrew an application's permissions",
  "oauth_client.created": "Created a client",
  "oauth_client.updated": "Changed a client",
  "oauth_client.secret_rotated": "Rotated a client secret",
  "oauth_client.deleted": "Deleted a client",
  "oauth_client.imported": "Imported a client",
  "user.created": "Created a user",
  "user.removed": "Deleted a user",
  "user.banned": "Banned a user",
  "user.unbanned": "Lifted a ban",
  "user.role_changed": "Changed a user's role",
  "user.sessions_revoked": "Signed a user out everywhere",
  "user.password_reset": "Reset a password",
  "user.organization_changed": "Changed a user's organization",
  "impersonation.started": "Started impersonating",
  "impersonation.stopped": "Stopped impersonating",
  "signing_key.rotated": "Rotated the signing key",
  "settings.updated": "Changed settings",
};

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}

/** Who acted or was acted on, resolved for people: a user, a client, the CLI's operator, nobody known. */
export const auditParty = z
  .object({
    type: z.enum(["user", "oauth_client", "consent", "signing_key", "settings", "cli", "anonymous"]),
    id: z.string().nullable(),
    /** A person's or client's name (the CLI's operator), when known; null once deleted. */
    name: z.string().nullable(),
    email: z.string().nullable(),
  })
  .meta({ id: "AuditParty" });
export type AuditParty = z.infer<typeof auditParty>;

export const auditEntry = z
  .object({
    id: z.string(),
    created_at: z.string(),
    action: z.string(),
    actor_user_id: z.string().nullable(),
    actor_email: z.string().nullable(),
    target_type: z.string().nullable(),
    target_id: z.string().nullable(),
    ip_address: z.string().nullable(),
    user_agent: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
    action_label: z.string(),
    actor: auditParty,
    target: auditParty.nullable(),
  })
  .meta({ id: "AuditEntry" });

export type AuditEntry = z.infer<typeof auditEntry>;

export const auditLogPage = z.object({ entries: z.array(auditEntry), next_cursor: z.string().nullable() }).meta({ id: "AuditLogPage" });
export type AuditLogPage = z.infer<typeof auditLogPage>;
