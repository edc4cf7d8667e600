import type { Auth } from "@iam/auth";
import type { Db } from "@iam/db";
import { auditLog, user } from "@iam/db/schema";
import { and, desc, eq, gte, inArray, lt, lte, or, sql } from "drizzle-orm";
import type { SQL } from "drizzle-orm";
import { createRoute } from "@hono/zod-openapi";
import { auditLogPage, auditLogQuery } from "@iam/schemas";
import { adminRoute, apiRouter, invalidInput, jsonContent, listErrors } from "../openapi/api-router.ts";
import { requireAdmin } from "../routes/admin/require-admin.ts";
import { describeEntries } from "./audit-parties.ts";
import type { AdminVariables } from "../routes/admin/require-admin.ts";

const auditLogRoute = createRoute({
  ...adminRoute,
  method: "get",
  path: "/",
  summary: "Recent administrative and security events, newest first (paged by cursor).",
  request: { query: auditLogQuery },
  responses: { 200: { description: "A page of entries; next_cursor is null on the last page.", ...jsonContent(auditLogPage) }, ...listErrors },
});

/**
 * `GET /api/admin/audit-log`, admins only: newest first, filtered by `action` (exact, or a prefix
 * ending in `.` such as `sign_in.`), `actor` (user id or email), `target` (id), `since`/`until`
 * (ISO 8601), paged with `limit` and `cursor`.
 */
export function auditLogRoutes(auth: Auth, db: Db, adminsNeedSecondFactor?: () => Promise<boolean>) {
  const router = apiRouter<{ Variables: AdminVariables }>();
  router.use(requireAdmin(auth, adminsNeedSecondFactor));
  return router.openapi(
    auditLogRoute,
    async (c) => {
      const { action, actor, target, since, until, cursor, limit } = c.req.valid("query");
      const filters: (SQL | undefined)[] = [];
      if (action) filters.push(action.endsWith(".") ? gte(auditLog.action, action) : eq(auditLog.action, action));
      if (action?.endsWith(".")) filters.push(lt(auditLog.action, `${action.slice(0, -1)}/`));
      // An email finds what that person did (by id) as well as attempts typed with it.
      const byEmail = (value: string) =>
        db
          .select({ id: user.id })
          .from(user)
          .where(eq(sql`lower(${user.email})`, value.toLowerCase()));
      if (actor) {
        filters.push(
          or(
            eq(auditLog.actorUserId, actor),
            eq(auditLog.actorEmail, actor.toLowerCase()),
            inArray(auditLog.actorUserId, byEmail(actor)),
            eq(sql`${auditLog.details}->>'operator'`, actor),
          ),
        );
      }
      if (target) filters.push(or(eq(auditLog.targetId, target), and(eq(auditLog.targetType, "user"), inArray(auditLog.targetId, byEmail(target)))));
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
      return c.json(
        {
          entries: await describeEntries(db, page),
          next_cursor: rows.length > limit && last ? `${last.createdAt.getTime()}:${last.id}` : null,
        },
        200,
      );
    },
    invalidInput("audit log filter"),
  );
}
