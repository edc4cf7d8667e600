import type { Auth } from "@iam/auth";
import { hasAdminRole } from "@iam/auth";
import type { MiddlewareHandler } from "hono";
import { apiError } from "../../http/errors.ts";

export type AdminVariables = { adminUserId: string };

/** 401 without a session, 403 for a signed-in user who is not an admin. */
export function requireAdmin(auth: Auth): MiddlewareHandler<{ Variables: AdminVariables }> {
  return async (c, next) => {
    const session = await auth.api.getSession({ headers: c.req.raw.headers });
    if (!session) return apiError(c, "unauthorized");
    if (!hasAdminRole(session.user)) return apiError(c, "forbidden");
    c.set("adminUserId", session.user.id);
    await next();
  };
}
