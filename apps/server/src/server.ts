import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { ServerType } from "@hono/node-server";
import { createAuth, DEFAULT_LOGOUT_POLL_MS, startLogoutWorker } from "@iam/auth";
import type { Auth, LogoutWorker } from "@iam/auth";
import { createDatabase, migrateDatabase } from "@iam/db";
import type { Database } from "@iam/db";
import { createApp } from "./app.ts";
import { ensureAdmin } from "./boot/ensure-admin.ts";
import { ensureSigningKey } from "./boot/ensure-signing-key.ts";
import type { ServerConfig } from "./config/server-config.ts";
import { trackRequests } from "./http/drain.ts";
import { createLogger } from "./http/logger.ts";
import { DEFAULT_PRUNE_INTERVAL_MS, schedulePruning } from "./maintenance/prune.ts";
import { createRedisStorage } from "./storage/redis-storage.ts";
import { applyLifetimes, createSettingsStore } from "./settings/index.ts";
import type { LifetimeHolder } from "./settings/index.ts";
import { DEFAULT_RATE_LIMITS } from "./rate-limit/limits.ts";
import { PostgresCounterStore } from "./rate-limit/postgres-counter-store.ts";
import { RedisCounterStore } from "./rate-limit/redis-counter-store.ts";
import type { Logger } from "./http/logger.ts";
import { accountMail, createMailQueue, FEATURES_NEEDING_MAIL, smtpSender } from "./mail/index.ts";

export interface RunningServer {
  /** The URL the server listens on (its port may differ from config.port when that was 0). */
  url: string;
  /** The interface address it is bound to (`127.0.0.1`, `::1`, or `::` for every interface). */
  address: string;
  app: ReturnType<typeof createApp>;
  /** The instance's Better Auth (tests compose a second app on it, e.g. with the read path off). */
  auth: Auth;
  /** The server's own database handle (tests inspect what was persisted through it). */
  database: Database;
  /** Sends queued back-channel logout tokens; `runOnce()` delivers what is due now. */
  logoutWorker: LogoutWorker;
  /** Stops accepting connections, lets in-flight requests finish, then closes the database. */
  close(): Promise<void>;
}

/**
 * Boots one API instance: database, migrations and boot tasks under the advisory lock, Better
 * Auth, the Hono app, the HTTP listener. `pnpm dev`, `pnpm start` and the tests all come here.
 */
export async function startServer(config: ServerConfig, logger: Logger = createLogger(config.logLevel)): Promise<RunningServer> {
  const database = createDatabase(config.database);
  const redis = config.redisUrl ? createRedisStorage(config.redisUrl, config.redisKeyPrefix) : undefined;
  const rateLimits = config.rateLimits ?? DEFAULT_RATE_LIMITS;
  const smtp = config.smtpUrl ? smtpSender(config.smtpUrl, config.mailFrom ?? `no-reply@${new URL(config.baseUrl).hostname}`) : undefined;
  const mailQueue = createMailQueue({ db: database.db, logger, sender: smtp?.send, policy: config.mailRetry, logOutboxLinks: !config.production });
  const requireEmailVerification = config.requireEmailVerification ?? Boolean(config.smtpUrl);
  // The worker needs Better Auth (to sign) and Better Auth's hooks wake the worker: bound late.
  let logoutWorker: LogoutWorker | undefined;
  const settings = createSettingsStore(database.db, config.signUpDefault ?? "open");
  const lifetimes: LifetimeHolder = { sessionSeconds: undefined };
  const auth = createAuth({
    database,
    sessionLifetimeSeconds: () => lifetimes.sessionSeconds,
    signUp: { rules: () => settings.signUpRules() },
    secondFactorSettings: () => settings.secondFactors(),
    baseUrl: config.baseUrl,
    webUrl: config.webUrl,
    secret: config.secret,
    secrets: config.secrets,
    rateLimit: config.rateLimit,
    addressRequestLimit: rateLimits.addressRequests,
    apiScopes: config.apiScopes,
    pairwiseSecret: config.pairwiseSecret,
    openClientRegistration: config.openClientRegistration,
    secondaryStorage: redis?.storage,
    accountMail: accountMail(mailQueue, config.webUrl),
    requireEmailVerification,
    log: (level, message) => logger.log(level, message, { source: "better-auth" }),
    onLogoutQueued: () => logoutWorker?.wake(),
    supportContact: config.supportContact,
  });
  let ready = false;
  const app = createApp({
    auth,
    database,
    logger,
    webUrl: config.webUrl,
    trustedProxies: config.trustedProxies,
    rateLimit: config.rateLimit,
    rateLimits,
    counters: redis ? new RedisCounterStore(redis.command, redis.keyPrefix) : new PostgresCounterStore(database.db),
    production: config.production,
    isReady: () => ready,
    requestDeadlineMs: config.requestDeadlineMs,
    resourceReadPath: config.resourceReadPath,
    secondaryStorageAvailable: redis ? () => redis.isAvailable() : undefined,
    metrics: { production: config.production, token: config.metricsToken },
    mail: { queue: mailQueue, baseUrl: config.baseUrl, production: config.production, requireEmailVerification },
    wakeLogoutWorker: () => logoutWorker?.wake(),
    settings,
    lifetimes,
  });
  try {
    await migrateDatabase(database, async () => {
      await ensureSigningKey(auth);
      await ensureAdmin(auth, database.db, config.admin, logger);
    });
  } catch (error) {
    await database.close();
    await redis?.close();
    throw error;
  }
  // Lifetimes an admin saved apply at boot, and reach every instance within 30 s of a change.
  const refreshLifetimes = () =>
    settings.read().then(
      (current) => applyLifetimes(auth, current, lifetimes),
      (error: unknown) => logger.log("warn", "reading settings failed", { error: String(error) }),
    );
  await refreshLifetimes();
  const lifetimeRefresh = setInterval(refreshLifetimes, 30_000);
  lifetimeRefresh.unref();
  ready = true;
  mailQueue.start();
  if (!smtp && config.production) {
    logger.log("warn", "SMTP_URL is not set: no mail leaves this server; messages wait in the console's outbox", {
      featuresNeedingMail: FEATURES_NEEDING_MAIL,
    });
  }

  const server = await listen(app.fetch, config.port, config.host);
  const drain = trackRequests(server);
  const pruning = schedulePruning(database.db, config.pruneIntervalMs ?? DEFAULT_PRUNE_INTERVAL_MS, (result) =>
    result instanceof Error ? logger.log("warn", "pruning failed", { error: result.message }) : logger.log("debug", "pruned expired rows", { deleted: result }),
  );
  const worker = startLogoutWorker(
    database.db,
    async () => auth.$context,
    (level, message, detail) => logger.log(level, message, detail),
    config.logoutPollMs ?? DEFAULT_LOGOUT_POLL_MS,
  );
  logoutWorker = worker;
  const { port, address } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  logger.log("info", "listening", { url, address, issuer: `${config.baseUrl}/api/auth`, database: database.kind });

  let closing: Promise<void> | undefined;
  return {
    url,
    address,
    app,
    auth,
    database,
    logoutWorker: worker,
    close() {
      closing ??= (async () => {
        ready = false;
        // Keep serving until traffic stops (readiness already says 503), then stop listening.
        drain.begin();
        await drain.untilQuiet();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Idle keep-alive sockets would hold close() open; busy ones finish their request first.
          if ("closeIdleConnections" in server) server.closeIdleConnections();
        });
        clearInterval(lifetimeRefresh);
        await pruning.stop();
        await mailQueue.stop();
        smtp?.close();
        await worker.stop();
        await database.close();
        await redis?.close();
      })();
      return closing;
    },
  };
}

function listen(fetch: Parameters<typeof serve>[0]["fetch"], port: number, hostname: string | undefined): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, ...(hostname ? { hostname } : {}) }, () => resolve(server));
    server.once("error", reject);
  });
}
