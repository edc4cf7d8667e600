import type { Db } from "@iam/db";
import { oauthClient, oauthConsent, session, user } from "@iam/db/schema";
import { count, desc, eq, gt } from "drizzle-orm";
import { createRoute } from "@hono/zod-openapi";
import { dashboard } from "@iam/schemas";
import { adminRoute, apiRouter, errorResponses, jsonContent } from "../../openapi/api-router.ts";
import type { AdminVariables } from "./require-admin.ts";

const dashboardRoute = createRoute({
  ...adminRoute,
  method: "get",
  path: "/",
  summary: "Counts for the console's overview (users, clients, active sessions, consents) and the latest sign-ins.",
  responses: { 200: { description: "The overview.", ...jsonContent(dashboard) }, ...errorResponses.admin },
});

/** `/api/admin/dashboard`: counts and the latest sign-ins (sessions by creation time). */
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
          userId: user.id,
          email: user.email,
          name: user.name,
          createdAt: session.createdAt,
          ipAddress: session.ipAddress,
          userAgent: session.userAgent,
          impersonatedBy: session.impersonatedBy,
        })
        .from(session)
        .innerJoin(user, eq(user.id, session.userId))
        .orderBy(desc(session.createdAt))
        .limit(10),
    ]);
    return c.json(
      {
        counts: {
          users: users?.value ?? 0,
          clients: clients?.value ?? 0,
          active_sessions: sessions?.value ?? 0,
          consents: consents?.value ?? 0,
        },
        recent_sign_ins: recent.map((row) => ({
          user_id: row.userId,
          email: row.email,
          name: row.name,
          at: row.createdAt.toISOString(),
          ip_address: row.ipAddress ?? undefined,
          user_agent: row.userAgent ?? undefined,
          impersonated: Boolean(row.impersonatedBy),
        })),
      },
      200,
    );
  });
}
