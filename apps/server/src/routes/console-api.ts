import type { Auth } from "@iam/auth";
import type { Db } from "@iam/db";
import { auditLogRoutes } from "../audit/index.ts";
import type { MailQueue } from "../mail/index.ts";
import { apiRouter } from "../openapi/api-router.ts";
import { settingsRoutes } from "../settings/index.ts";
import type { LifetimeHolder, SettingsStore } from "../settings/index.ts";
import { accountRoutes } from "./account/index.ts";
import { adminRoutes } from "./admin/admin-routes.ts";

export interface ConsoleApiDeps {
  auth: Auth;
  db: Db;
  settings: SettingsStore;
  lifetimes?: LifetimeHolder;
  mail?: { queue: MailQueue; webUrl: string; production: boolean; requireEmailVerification: boolean };
  wakeLogoutWorker?: () => void;
  /** Whether the settings require administrators to have signed in with a second factor. */
  adminsNeedSecondFactor?: () => Promise<boolean>;
}

/**
 * The project's own JSON API for the console and the account page: `/api/admin/*`,
 * `/api/account`, `/api/branding`. Mounted once by app.ts (after its middleware for these paths);
 * the chained type is what the console's client is typed from (`ConsoleApi`, `hono/client`).
 */
export function consoleApiRoutes({ auth, db, settings, lifetimes, mail, wakeLogoutWorker, adminsNeedSecondFactor }: ConsoleApiDeps) {
  return (
    apiRouter()
      // Before the admin router, as always: that router's middleware (its own admin check, no-store) would run for it too.
      .route("/api/admin/audit-log", auditLogRoutes(auth, db, adminsNeedSecondFactor))
      .route("/api/admin", adminRoutes(auth, db, mail, wakeLogoutWorker, adminsNeedSecondFactor))
      .route("/api/account", accountRoutes(auth, db))
      .route("/", settingsRoutes(auth, settings, lifetimes))
  );
}

/** Import with `import type` only (`@iam/server/console-api`): no server code reaches the web bundle. */
export type ConsoleApi = ReturnType<typeof consoleApiRoutes>;
