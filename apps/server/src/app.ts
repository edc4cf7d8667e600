import { createAuditWriter } from "@iam/auth";
import type { Auth } from "@iam/auth";
import type { Database } from "@iam/db";
import { OpenAPIHono } from "@hono/zod-openapi";
import { cors } from "hono/cors";
import { endUserBrowserLayer } from "./end-user/index.ts";
import { adoptResponse } from "./http/adopt-response.ts";
import { createAuthHandler } from "./http/auth-handler.ts";
import { bufferedBody } from "./http/buffered-body.ts";
import { clientIp } from "./http/client-ip.ts";
import { apiError, handleError } from "./http/errors.ts";
import type { Logger } from "./http/logger.ts";
import { requestLog } from "./http/request-log.ts";
import { responseCache } from "./http/response-cache.ts";
import { originCheck } from "./http/origin-check.ts";
import { securityHeaders } from "./http/security-headers.ts";
import { adminAudit } from "./audit/index.ts";
import { authEndpointPaths, createMetrics } from "./metrics/metrics.ts";
import { metricsRoutes } from "./metrics/metrics-routes.ts";
import type { MetricsAccess } from "./metrics/metrics-routes.ts";
import { referenceRoutes } from "./reference/reference-routes.ts";
import type { DatabaseHealthView } from "./protocol/outage-as-503.ts";
import { requestDeadline } from "./protocol/request-deadline.ts";
import { rejectNulBytes } from "./protocol/reject-nul-bytes.ts";
import { resourceReadPath } from "./protocol/resource-read-path.ts";
import { tokenGrantLock } from "./protocol/token-grant-lock.ts";
import { CLIENT_AUTHENTICATED_PATHS, clientLimits } from "./rate-limit/client-limits.ts";
import type { CounterStore } from "./rate-limit/counter-store.ts";
import { DEFAULT_RATE_LIMITS } from "./rate-limit/limits.ts";
import type { RateLimits } from "./rate-limit/limits.ts";
import { PostgresCounterStore } from "./rate-limit/postgres-counter-store.ts";
import { requestBodyLimits } from "./http/body-limits.ts";
import { oauthResponseHeaders } from "./protocol/oauth-response-headers.ts";
import type { RequestIdVariables } from "./http/request-log.ts";
import { consoleApiRoutes } from "./routes/console-api.ts";
import { createSettingsStore } from "./settings/index.ts";
import type { LifetimeHolder, SettingsStore } from "./settings/index.ts";
import { healthRoutes } from "./routes/health.ts";
import { wellKnownRoutes } from "./routes/well-known.ts";
import { requireSecondFactorForAdmins } from "./routes/admin/require-admin.ts";
import { acceptInvitationRoutes } from "./invitations/index.ts";
import type { MailQueue } from "./mail/index.ts";
import { discoveryCapabilities } from "./protocol/discovery-capabilities.ts";

export interface AppDeps {
  auth: Auth;
  database: Database;
  logger: Logger;
  webUrl: string;
  trustedProxies: readonly string[];
  isReady: () => boolean;
  /** Production adds HSTS. */
  production?: boolean;
  /** The project's own limits (failures, per client) follow the request rate limiter's switch (RATE_LIMIT). */
  rateLimit?: boolean;
  rateLimits?: RateLimits;
  /** Where those limits count: PostgreSQL by default, Redis when configured. */
  counters?: CounterStore;
  /** Whether Redis (secondary storage) is reachable, when there is one: requests need it as much as the database. */
  secondaryStorageAvailable?: () => boolean;
  /** REQUEST_DEADLINE_MS: database-backed requests answer 503 past it (default 5 s). */
  requestDeadlineMs?: number;
  /** Wakes the back-channel logout worker (the console's "retry now"). */
  wakeLogoutWorker?: () => void;
  /** Who may scrape /metrics; when omitted, anyone (development and tests). */
  metrics?: MetricsAccess;
  /** Outgoing mail: the outbox/delivery routes, invitations and the account forms need it. */
  mail?: { queue: MailQueue; baseUrl: string; production: boolean; requireEmailVerification: boolean };
  /** The console's settings (branding, lifetimes, sign-up policy); a store on `database` when omitted. */
  settings?: SettingsStore;
  /** Where the session lifetime in force is kept for Better Auth's session hook. */
  lifetimes?: LifetimeHolder;
  /**
   * RESOURCE_READ_PATH: introspection and userinfo of live opaque tokens answered by the project's
   * read path ahead of Better Auth's handler (default); off, the plugin answers every request.
   */
  resourceReadPath?: boolean;
}

/**
 * Endpoints a relying party calls from any origin (a single-page app, say) without cookies.
 * Everything else is for the console: with credentials, from WEB_URL only.
 */
const PUBLIC_PROTOCOL_PATHS = new Set(["/api/auth/jwks", "/api/auth/oauth2/token", "/api/auth/oauth2/userinfo", "/api/auth/oauth2/revoke"]);

/** Discovery and JWKS: identical for every caller, fetched by every relying party. */
const CACHED_DOCUMENT_PATHS = new Set([
  "/api/auth/jwks",
  "/api/auth/.well-known/openid-configuration",
  "/api/auth/.well-known/oauth-authorization-server",
  "/.well-known/openid-configuration/api/auth",
  "/.well-known/oauth-authorization-server/api/auth",
]);
const CACHED_DOCUMENT_TTL_MS = 5_000;
const DISCOVERY_PATHS = new Set([...CACHED_DOCUMENT_PATHS].filter((path) => path.includes("/.well-known/")));
const DEFAULT_REQUEST_DEADLINE_MS = 5_000;

function isPublicProtocolPath(path: string): boolean {
  return PUBLIC_PROTOCOL_PATHS.has(path) || path.includes("/.well-known/");
}

export function createApp({
  auth,
  database,
  logger,
  webUrl,
  trustedProxies,
  isReady,
  metrics: metricsAccess,
  rateLimit = false,
  rateLimits = DEFAULT_RATE_LIMITS,
  counters = new PostgresCounterStore(database.db),
  production = false,
  requestDeadlineMs = DEFAULT_REQUEST_DEADLINE_MS,
  secondaryStorageAvailable = () => true,
  mail,
  wakeLogoutWorker,
  settings = createSettingsStore(database.db, "open"),
  lifetimes,
  resourceReadPath: readPathOn = true,
}: AppDeps) {
  // OpenAPIHono: mounting a router with `route()` also collects its routes' declarations for the reference.
  const app = new OpenAPIHono<{ Variables: RequestIdVariables }>();
  // What requests depend on: the database, and Redis when state lives there.
  const backends: DatabaseHealthView = {
    isAvailable: () => database.isAvailable() && secondaryStorageAvailable(),
    ping: (timeoutMs) => database.ping(timeoutMs),
    reportTrouble: () => database.reportTrouble(),
  };
  app.use(requestLog(logger));
  app.use(securityHeaders(production));
  const metrics = createMetrics(database, authEndpointPaths(auth.api));
  app.use(metrics.middleware);
  app.onError(handleError(logger, backends));
  app.notFound((c) => apiError(c, "not_found"));

  const publicCors = cors({ origin: "*", allowHeaders: ["Authorization", "Content-Type", "DPoP"], maxAge: 600 });
  const consoleCors = cors({ origin: webUrl, credentials: true, allowHeaders: ["Content-Type"], maxAge: 600 });
  app.use((c, next) => (isPublicProtocolPath(c.req.path) ? publicCors : consoleCors)(c, next));
  app.use(
    responseCache(CACHED_DOCUMENT_PATHS, CACHED_DOCUMENT_TTL_MS, {
      invalidatedBy: (method, path) => method !== "GET" && path.startsWith("/api/admin/signing-keys"),
    }),
  );

  app.use(discoveryCapabilities(DISCOVERY_PATHS));
  app.use(requestBodyLimits());

  app.route("/", healthRoutes(backends, isReady));
  app.route("/", wellKnownRoutes(auth));
  app.route("/", metricsRoutes(metrics, metricsAccess ?? { production: false }));
  app.route(
    "/",
    referenceRoutes(auth, () => app.getOpenAPI31Document({ openapi: "3.1.1", info: { title: "IAM API", version: "1" } })),
  );
  const clientAddress = clientIp(new Set(trustedProxies));
  // Everything below reads or writes the database: bounded, and answered at once during an outage.
  const deadline = requestDeadline({ database: backends, deadlineMs: requestDeadlineMs, webUrl });
  app.use("/api/admin/*", deadline);
  app.use("/api/auth/*", deadline);
  app.use("/api/admin/*", originCheck([webUrl]));
  app.use("/api/admin/*", rejectNulBytes());
  app.use("/api/admin/*", clientAddress);
  app.use("/api/admin/*", adminAudit(createAuditWriter(database.db, (message) => logger.log("error", message))));
  // The signed-in person's own account page (any role); its changes go through /api/auth/*.
  app.use("/api/account/*", deadline);
  app.use("/api/account/*", clientAddress);
  app.use("/api/branding", deadline);
  // Administrators signed in with one factor are refused while the settings require a second.
  const adminsNeedSecondFactor = async () => (await settings.secondFactors()).admins;
  app.route("/", consoleApiRoutes({ auth, db: database.db, settings, lifetimes, mail: mail && { ...mail, webUrl }, wakeLogoutWorker, adminsNeedSecondFactor }));
  app.use("/api/auth/*", clientAddress);
  app.use("/api/auth/admin/*", requireSecondFactorForAdmins(auth, adminsNeedSecondFactor));
  app.use("/api/auth/*", bufferedBody());
  app.use("/api/auth/*", rejectNulBytes());
  app.use("/api/auth/oauth2/*", oauthResponseHeaders("IAM"));
  for (const path of CLIENT_AUTHENTICATED_PATHS) app.use(path, clientLimits(counters, rateLimits, rateLimit));
  app.use("/api/auth/oauth2/token", tokenGrantLock());
  // Right where Better Auth's handler is called: every layer above applies to both paths.
  const readPath = readPathOn ? resourceReadPath(auth, database.sql, { enabled: rateLimit, counters, limits: rateLimits }) : undefined;
  const handleAuth = createAuthHandler({ auth, backends, webUrl, counters, rateLimits, rateLimit, readPath });
  app.use("/api/auth/*", endUserBrowserLayer(webUrl, handleAuth, mail && { auth, baseUrl: mail.baseUrl }));
  if (mail) {
    // The invitation page's form: a person's post, from the console's origin only.
    app.use("/api/invitations/*", deadline, originCheck([webUrl]), rejectNulBytes(), clientAddress);
    app.route(
      "/api/invitations",
      acceptInvitationRoutes(
        auth,
        database.db,
        webUrl,
        handleAuth,
        createAuditWriter(database.db, (message) => logger.log("error", message)),
      ),
    );
  }
  app.on(["GET", "POST"], "/api/auth/*", async (c) => adoptResponse(c, await handleAuth(c.req.raw)));
  return app;
}

export type App = ReturnType<typeof createApp>;
