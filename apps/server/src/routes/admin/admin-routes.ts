import type { Auth } from "@iam/auth";
import type { Db } from "@iam/db";
import { apiRouter } from "../../openapi/api-router.ts";
import { consentRoutes } from "./consents.ts";
import { dashboardRoutes } from "./dashboard.ts";
import { oauthClientRoutes } from "./oauth-clients.ts";
import { requireAdmin } from "./require-admin.ts";
import type { AdminVariables } from "./require-admin.ts";
import { secondFactorRoutes } from "./second-factors.ts";
import { signingKeyRoutes } from "./signing-keys.ts";

/**
 * `/api/admin/*`: what the console needs beyond Better Auth's own `/api/auth/admin/*` (users,
 * sessions, bans, impersonation), which the console calls directly. Admins only, never cached.
 */
export function adminRoutes(auth: Auth, db: Db) {
  return apiRouter<{ Variables: AdminVariables }>()
    .use(requireAdmin(auth))
    .use(async (c, next) => {
      await next();
      c.header("Cache-Control", "no-store");
    })
    .route("/oauth-clients", oauthClientRoutes(auth, db))
    .route("/consents", consentRoutes(auth, db))
    .route("/signing-keys", signingKeyRoutes(auth, db))
    .route("/dashboard", dashboardRoutes(db))
    .route("/second-factors", secondFactorRoutes(db));
}
