import type { Auth } from "@iam/auth";
import type { Db } from "@iam/db";
import { auditLog } from "@iam/db/schema";
import { and, desc, eq, gte, lt, lte, or } from "drizzle-orm";
import type { SQL } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { apiError } from "../http/errors.ts";
import { requireAdmin } from "../routes/admin/require-admin.ts";
import type { AdminVariables } from "../routes/admin/require-admin.ts";

const query = z
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

/**
 * `GET /api/admin/audit-log`, admins only: newest first, filtered by `action` (exact, or a prefix
 * ending in `.` such as `sign_in.`), `actor` (user id or email), `target` (id), `since`/`until`
 * (ISO 8601), paged with `limit` and `cursor`.
 */
export function auditLogRoutes(auth: Auth, db: Db) {
  return new Hono<{ Variables: AdminVariables }>().use(requireAdmin(auth)).get("/", async (c) => {
    const parsed = query.safeParse(c.req.query());
    if (!parsed.success) return apiError(c, "invalid_request", "Invalid audit log filter.", parsed.error.issues);
    const { action, actor, target, since, until, cursor, limit } = parsed.data;
    const filters: (SQL | undefined)[] = [];
    if (action) filters.push(action.endsWith(".") ? gte(auditLog.action, action) : eq(auditLog.action, action));
    if (action?.endsWith(".")) filters.push(lt(auditLog.action, `${action.slice(0, -1)}/`));
    if (actor) filters.push(or(eq(auditLog.actorUserId, actor), eq(auditLog.actorEmail, actor.toLowerCase())));
    if (target) filters.push(eq(auditLog.targetId, target));
    if (since) filters.push(gte(auditLog.createdAt, new Date(since)));
    if (until) filters.push(lte(auditLog.createdAt, new Date(until)));
    if (cursor) {
      const [time = "0", id = ""] = cursor.split(":");
      const at = new Date(Number(time));
      filters.push(or(lt(auditLog.createdAt, at), and(eq(auditLog.createdAt, at), lt(auditLog.id, id))));
    }
    const rows = await db
      .select()
      .from(auditLog)
      .where(and(...filters))
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    c.header("Cache-Control", "no-store");
    return c.json({
      entries: page.map((row) => ({
        id: row.id,
        created_at: row.createdAt.toISOString(),
        action: row.action,
        actor_user_id: row.actorUserId,
        actor_email: row.actorEmail,
        target_type: row.targetType,
        target_id: row.targetId,
        ip_address: row.ipAddress,
        user_agent: row.userAgent,
        details: row.details,
      })),
      next_cursor: rows.length > limit && last ? `${last.createdAt.getTime()}:${last.id}` : null,
    });
  });
}
