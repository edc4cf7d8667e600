import type { Db } from "@iam/db";
import { user } from "@iam/db/schema";
import { count, desc, eq, ilike, or } from "drizzle-orm";
import { createRoute } from "@hono/zod-openapi";
import { adminUser, adminUserPage, updateUserOrganizationBody, userIdParam, userListQuery } from "@iam/schemas";
import type { AdminUser } from "@iam/schemas";
import { adminRoute, apiRouter, fail, jsonContent, listErrors, resourceErrors } from "../../openapi/api-router.ts";
import { likePattern } from "./like-pattern.ts";
import type { AdminVariables } from "./require-admin.ts";

const listUsersRoute = createRoute({
  ...adminRoute,
  method: "get",
  path: "/",
  summary: "Find users by name or email, case-insensitively (an email domain works too), newest first.",
  request: { query: userListQuery },
  responses: { 200: { description: "A page of users.", ...jsonContent(adminUserPage) }, ...listErrors },
});

const updateOrganizationRoute = createRoute({
  ...adminRoute,
  method: "patch",
  path: "/{id}/organization",
  summary: "Set (or clear with null) the user's organization: the organizationId claim of the organization scope.",
  request: { params: userIdParam, body: { required: true, ...jsonContent(updateUserOrganizationBody) } },
  responses: { 200: { description: "The user as stored now.", ...jsonContent(adminUser) }, ...resourceErrors },
});

function view(row: typeof user.$inferSelect): AdminUser {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    emailVerified: row.emailVerified,
    image: row.image,
    role: row.role,
    banned: row.banned === true,
    banReason: row.banReason,
    banExpires: row.banExpires?.toISOString() ?? null,
    organizationId: row.organizationId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * `/api/admin/users`: search Better Auth's users (its `list-users` matches case-sensitively, one
 * field at a time) and set what Better Auth keeps server-only (`organizationId`, `input: false`).
 */
export function userRoutes(db: Db) {
  return apiRouter<{ Variables: AdminVariables }>()
    .openapi(listUsersRoute, async (c) => {
      const { q, limit, offset } = c.req.valid("query");
      const where = q ? or(ilike(user.name, likePattern(q)), ilike(user.email, likePattern(q))) : undefined;
      const [rows, [total]] = await Promise.all([
        db.select().from(user).where(where).orderBy(desc(user.createdAt), desc(user.id)).limit(limit).offset(offset),
        db.select({ value: count() }).from(user).where(where),
      ]);
      return c.json({ users: rows.map(view), total: total?.value ?? 0, limit, offset }, 200);
    })
    .openapi(updateOrganizationRoute, async (c) => {
      const { id } = c.req.valid("param");
      const { organization_id: organizationId } = c.req.valid("json");
      const [updated] = await db.update(user).set({ organizationId, updatedAt: new Date() }).where(eq(user.id, id)).returning();
      return updated ? c.json(view(updated), 200) : fail(c, "not_found", "No such user.");
    });
}
