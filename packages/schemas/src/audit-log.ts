import { z } from "zod";

/**
 * Filters: `action` (exact, or a prefix ending in `.` such as `sign_in.`), `actor` (user id or
 * email), `target` (id), `since`/`until` (ISO 8601), paged with `limit` and `cursor`.
 */
export const auditLogQuery = z
  .object({
    action: z.string().trim().min(1).max(64).optional(),
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
  })
  .meta({ id: "AuditEntry" });

export type AuditEntry = z.infer<typeof auditEntry>;

export const auditLogPage = z.object({ entries: z.array(auditEntry), next_cursor: z.string().nullable() }).meta({ id: "AuditLogPage" });
export type AuditLogPage = z.infer<typeof auditLogPage>;
