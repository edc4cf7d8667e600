import type { Auth } from "@iam/auth";
import { AUTH_PATHS, fullAuthPath, hasAdminRole, meetsAdminFactorRule } from "@iam/auth";
import type { MiddlewareHandler } from "hono";
import { apiError } from "../../http/errors.ts";

export type AdminVariables = { adminUserId: string };

/**
 * 401 without a session, 403 for a signed-in user who is not an admin, and 403
 * `second_factor_required` for an admin signed in with one factor while the settings require a
 * second for administrators (`adminsNeedSecondFactor`): the console then leads to enrollment.
 */
export function requireAdmin(auth: Auth, adminsNeedSecondFactor?: () => Promise<boolean>): MiddlewareHandler<{ Variables: AdminVariables }> {
  return async (c, next) => {
    const session = await auth.api.getSession({ headers: c.req.raw.headers });
    if (!session) return apiError(c, "unauthorized");
    if (!hasAdminRole(session.user)) return apiError(c, "forbidden");
    if (adminsNeedSecondFactor && !(await meetsAdminFactorRule(session.session, adminsNeedSecondFactor))) return apiError(c, "second_factor_required");
    c.set("adminUserId", session.user.id);
    await next();
  };
}

const STOP_IMPERSONATING = fullAuthPath(AUTH_PATHS.adminStopImpersonating);

/**
 * The same second-factor rule for Better Auth's own admin endpoints (`/api/auth/admin/*`: users,
 * bans, roles, impersonation), which the console calls directly. Only the factor is checked here;
 * the admin plugin answers roles and permissions itself. Stopping an impersonation stays open: that
 * session is the impersonated person's, and refusing it would strand the admin inside it.
 */
export function requireSecondFactorForAdmins(auth: Auth, adminsNeedSecondFactor: () => Promise<boolean>): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.path === STOP_IMPERSONATING) return next();
    const session = await auth.api.getSession({ headers: c.req.raw.headers });
    if (session && hasAdminRole(session.user) && !(await meetsAdminFactorRule(session.session, adminsNeedSecondFactor))) {
      return apiError(c, "second_factor_required");
    }
    await next();
  };
}
