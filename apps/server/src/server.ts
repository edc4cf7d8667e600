import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { ServerType } from "@hono/node-server";
import { createAuth } from "@iam/auth";
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
import { DEFAULT_RATE_LIMITS } from "./rate-limit/limits.ts";
import { PostgresCounterStore } from "./rate-limit/postgres-counter-store.ts";
import { RedisCounterStore } from "./rate-limit/redis-counter-store.ts";
import type { Logger } from "./http/logger.ts";

export interface RunningServer {
  /** The URL the server listens on (its port may differ from config.port when that was 0). */
  url: string;
  app: ReturnType<typeof createApp>;
  /** The server's own database handle (tests inspect what was persisted through it). */
  database: Database;
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
  const auth = createAuth({
    database,
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
    log: (level, message) => logger.log(level, message, { source: "better-auth" }),
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
    secondaryStorageAvailable: redis ? () => redis.isAvailable() : undefined,
    metrics: { production: config.production, token: config.metricsToken },
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
  ready = true;

  const server = await listen(app.fetch, config.port);
  const drain = trackRequests(server);
  const pruning = schedulePruning(database.db, config.pruneIntervalMs ?? DEFAULT_PRUNE_INTERVAL_MS, (result) =>
    result instanceof Error ? logger.log("warn", "pruning failed", { error: result.message }) : logger.log("debug", "pruned expired rows", { deleted: result }),
  );
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  logger.log("info", "listening", { url, issuer: `${config.baseUrl}/api/auth`, database: database.kind });

  let closing: Promise<void> | undefined;
  return {
    url,
    app,
    database,
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
        await pruning.stop();
        await database.close();
        await redis?.close();
      })();
      return closing;
    },
  };
}

function listen(fetch: Parameters<typeof serve>[0]["fetch"], port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port }, () => resolve(server));
    server.once("error", reject);
  });
}
