import { ADMIN_ROLE, hasAdminRole } from "@iam/auth";
import type { Auth } from "@iam/auth";
import type { Db } from "@iam/db";
import { user } from "@iam/db/schema";
import { and, eq, isNull, like, ne, or } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import { z } from "zod";
import { apiError } from "../../http/errors.ts";

/** Better Auth admin endpoints that can take the admin role away from someone. */
const ROLE_REMOVING_PATHS = new Set(["/api/auth/admin/set-role", "/api/auth/admin/ban-user", "/api/auth/admin/remove-user"]);

const targetBody = z.object({ userId: z.string().min(1), role: z.union([z.string(), z.array(z.string())]).optional() });

/**
 * Refuses to demote, ban or delete the last active admin: nobody could then manage the provider
 * without shell access. Better Auth's admin plugin checks permissions, not this.
 */
export function lastAdminGuard(auth: Auth, db: Db): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== "POST" || !ROLE_REMOVING_PATHS.has(c.req.path)) return next();
    // Only an admin learns who the last admin is; anyone else gets Better Auth's own refusal.
    const session = await auth.api.getSession({ headers: c.req.raw.headers });
    if (!hasAdminRole(session?.user)) return next();
    const parsed = targetBody.safeParse(await c.req.json().catch(() => undefined));
    // Malformed bodies are Better Auth's to reject in its own terms.
    if (!parsed.success) return next();
    const { userId, role } = parsed.data;
    if (c.req.path.endsWith("/set-role") && hasAdminRole({ role: [role ?? ""].flat().join(",") })) return next();
    const [target] = await db.select({ role: user.role, banned: user.banned }).from(user).where(eq(user.id, userId)).limit(1);
    if (!target || !hasAdminRole(target) || target.banned) return next();
    const otherAdmins = await db
      .select({ role: user.role })
      .from(user)
      .where(and(ne(user.id, userId), like(user.role, `%${ADMIN_ROLE}%`), or(eq(user.banned, false), isNull(user.banned))));
    if (otherAdmins.some(hasAdminRole)) return next();
    return apiError(c, "invalid_request", "This is the last admin: make another user admin first.");
  };
}

