import { createRoute } from "@hono/zod-openapi";
import { AUDIT_ACTIONS } from "@iam/auth";
import type { Db } from "@iam/db";
import { auditLog } from "@iam/db/schema";
import { userSignIns, userSignInsQuery } from "@iam/schemas";
import { and, inArray, max } from "drizzle-orm";
import { adminRoute, apiRouter, jsonContent, listErrors } from "../../openapi/api-router.ts";
import type { AdminVariables } from "./require-admin.ts";

const SIGN_IN_ACTIONS = [AUDIT_ACTIONS.signInSucceeded, AUDIT_ACTIONS.signedUp];

const userSignInsRoute = createRoute({
  ...adminRoute,
  method: "get",
  path: "/",
  summary: "Each listed user's last successful sign-in (from the audit log, which outlives sessions).",
  request: { query: userSignInsQuery },
  responses: { 200: { description: "Last sign-ins; users who never signed in are left out.", ...jsonContent(userSignIns) }, ...listErrors },
});

/**
 * `/api/admin/user-sign-ins`: what the users list and user page show as "last sign-in". Sessions
 * would forget it (they expire, are pruned, and end on a ban or a password change); the audit
 * log's `sign_in.succeeded` and `user.signed_up` entries stay.
 */
export function userSignInRoutes(db: Db) {
  return apiRouter<{ Variables: AdminVariables }>().openapi(userSignInsRoute, async (c) => {
    const { user_ids } = c.req.valid("query");
    const rows = await db
      .select({ userId: auditLog.actorUserId, at: max(auditLog.createdAt) })
      .from(auditLog)
      // A sign-up signs the new person in too.
      .where(and(inArray(auditLog.action, SIGN_IN_ACTIONS), inArray(auditLog.actorUserId, user_ids)))
      .groupBy(auditLog.actorUserId);
    return c.json(
      {
        last_sign_ins: rows.flatMap((row) => (row.userId && row.at ? [{ user_id: row.userId, at: new Date(row.at).toISOString() }] : [])),
      },
      200,
    );
  });
}
