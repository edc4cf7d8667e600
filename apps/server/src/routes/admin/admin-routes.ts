import type { Auth } from "@iam/auth";
import type { Db } from "@iam/db";
import { apiRouter } from "../../openapi/api-router.ts";
import { apiResourceRoutes } from "./api-resources.ts";
import { backchannelLogoutRoutes } from "./backchannel-logout-routes.ts";
import { consentRoutes } from "./consents.ts";
import { dashboardRoutes } from "./dashboard.ts";
import { initialAccessTokenRoutes } from "./initial-access-tokens.ts";
import { oauthClientRoutes } from "./oauth-clients.ts";
import { requireAdmin } from "./require-admin.ts";
import type { AdminVariables } from "./require-admin.ts";
import { secondFactorRoutes } from "./second-factors.ts";
import { signingKeyRoutes } from "./signing-keys.ts";
import { userMailActionRoutes } from "./user-mail-actions.ts";
import { invitationRoutes } from "../../invitations/index.ts";
import { mailRoutes } from "../../mail/index.ts";
import type { MailQueue } from "../../mail/index.ts";
import { userSignInRoutes } from "./user-sign-ins.ts";
import { userRoutes } from "./users.ts";

/**
 * `/api/admin/*`: what the console needs beyond Better Auth's own `/api/auth/admin/*` (users,
 * sessions, bans, impersonation), which the console calls directly. Admins only, never cached.
 */
export function adminRoutes(
  auth: Auth,
  db: Db,
  mail?: { queue: MailQueue; webUrl: string; production: boolean; requireEmailVerification: boolean },
  wakeLogoutWorker: () => void = () => {},
  adminsNeedSecondFactor?: () => Promise<boolean>,
) {
  const router = apiRouter<{ Variables: AdminVariables }>();
  // Not chained: `use` returns a plain Hono, and mounting that would lose the routes' types.
  router.use(requireAdmin(auth, adminsNeedSecondFactor));
  router.use(async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
  });
  return (
    router
      .route("/oauth-clients", oauthClientRoutes(auth, db))
      .route("/", backchannelLogoutRoutes(db, wakeLogoutWorker))
      .route("/consents", consentRoutes(auth, db))
      .route("/signing-keys", signingKeyRoutes(auth, db))
      .route("/dashboard", dashboardRoutes(db))
      .route("/user-sign-ins", userSignInRoutes(db))
      .route("/users", userRoutes(db))
      .route("/initial-access-tokens", initialAccessTokenRoutes(db))
      .route("/second-factors", secondFactorRoutes(db, auth))
      .route(
        "/api-resources",
        apiResourceRoutes(db, () => providerScopes(auth)),
      )
      // Typed as mounted either way, so the console's client knows these routes; without mail they answer 404.
      .route("/", mail ? mailAdminRoutes(auth, db, mail) : (apiRouter() as ReturnType<typeof mailAdminRoutes>))
  );
}

/** The outbox, invitations and the per-user mail actions: only when the server can send mail. */
function mailAdminRoutes(auth: Auth, db: Db, mail: { queue: MailQueue; webUrl: string; production: boolean; requireEmailVerification: boolean }) {
  return apiRouter<{ Variables: AdminVariables }>()
    .route("/mail", mailRoutes(db, mail.queue, { production: mail.production, require_email_verification: mail.requireEmailVerification }))
    .route("/invitations", invitationRoutes(db, mail.queue, mail.webUrl))
    .route("/users", userMailActionRoutes(auth, db, mail.webUrl));
}

/** The scopes the OAuth plugin grants (SUPPORTED_SCOPES and API_SCOPES), from its options. */
function providerScopes(auth: Auth): readonly string[] {
  const plugin = auth.options.plugins?.find((candidate) => candidate.id === "oauth-provider") as { options?: { scopes?: string[] } } | undefined;
  return plugin?.options?.scopes ?? [];
}
