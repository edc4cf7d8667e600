import type { Db } from "@iam/db";
import { AUDIT_ACTIONS } from "@iam/auth";
import { auditLog, oauthClient, oauthConsent, session, user } from "@iam/db/schema";
import { and, count, desc, gt, inArray, isNotNull, sql } from "drizzle-orm";
import { createRoute } from "@hono/zod-openapi";
import { dashboard, formatAddress } from "@iam/schemas";
import { adminRoute, apiRouter, errorResponses, jsonContent } from "../../openapi/api-router.ts";
import type { AdminVariables } from "./require-admin.ts";

const dashboardRoute = createRoute({
  ...adminRoute,
  method: "get",
  path: "/",
  summary: "Counts for the console's overview (users, clients, active sessions, consents) and the latest sign-ins.",
  responses: { 200: { description: "The overview.", ...jsonContent(dashboard) }, ...errorResponses.admin },
});

/** What counts as a sign-in on the dashboard: the audit log's record, so it outlives the session. */
const SIGN_IN_ACTIONS = [AUDIT_ACTIONS.signInSucceeded, AUDIT_ACTIONS.signedUp, AUDIT_ACTIONS.impersonationStarted];

/**
 * `/api/admin/dashboard`: counts and the latest sign-ins, from the audit log (a ban or sign-out
 * deletes sessions; the record of the sign-in stays).
 */
export function dashboardRoutes(db: Db) {
  return apiRouter<{ Variables: AdminVariables }>().openapi(dashboardRoute, async (c) => {
    const now = new Date();
    const [[users], [clients], [sessions], [consents], recent] = await Promise.all([
      db.select({ value: count() }).from(user),
      db.select({ value: count() }).from(oauthClient),
      db.select({ value: count() }).from(session).where(gt(session.expiresAt, now)),
      db.select({ value: count() }).from(oauthConsent),
      db
        .select({
          action: auditLog.action,
          // For an impersonation the person signed in as is the target; otherwise the actor.
          userId: sql<string>`case when ${auditLog.action} = ${AUDIT_ACTIONS.impersonationStarted} then ${auditLog.targetId} else ${auditLog.actorUserId} end`,
          actorEmail: auditLog.actorEmail,
          createdAt: auditLog.createdAt,
          ipAddress: auditLog.ipAddress,
          userAgent: auditLog.userAgent,
        })
        .from(auditLog)
        .where(and(inArray(auditLog.action, SIGN_IN_ACTIONS), isNotNull(auditLog.actorUserId)))
        .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
        .limit(10),
    ]);
    const ids = [...new Set(recent.map((row) => row.userId).filter(Boolean))];
    const people = new Map(
      ids.length
        ? (await db.select({ id: user.id, name: user.name, email: user.email, banned: user.banned }).from(user).where(inArray(user.id, ids))).map(
            (row) => [row.id, row] as const,
          )
        : [],
    );
    return c.json(
      {
        counts: {
          users: users?.value ?? 0,
          clients: clients?.value ?? 0,
          active_sessions: sessions?.value ?? 0,
          consents: consents?.value ?? 0,
        },
        recent_sign_ins: recent.map((row) => {
          const person = people.get(row.userId);
          return {
            user_id: row.userId,
            email: person?.email ?? row.actorEmail ?? "",
            name: person?.name ?? "(deleted user)",
            at: row.createdAt.toISOString(),
            ip_address: row.ipAddress ? formatAddress(row.ipAddress) : undefined,
            user_agent: row.userAgent ?? undefined,
            impersonated: row.action === AUDIT_ACTIONS.impersonationStarted,
            banned: person?.banned === true,
          };
        }),
      },
      200,
    );
  });
}
