import { redisStorage } from "@better-auth/redis-storage";
import type { SecondaryStorage } from "better-auth";
import { Redis } from "ioredis";

export interface RedisSecondaryStorage {
  storage: SecondaryStorage;
  /** The connection itself, for the project's own counters (rate-limit/redis-counter-store.ts). */
  client: Redis;
  keyPrefix: string;
  close(): Promise<void>;
}

/**
 * Better Auth's secondary storage on Redis (`REDIS_URL`): rate-limit counters and short-lived
 * state (verification values such as authorization codes) shared by every instance. A command
 * fails fast while Redis is unreachable instead of queueing, so requests answer 503 rather than hang.
 */
export function createRedisStorage(url: string, keyPrefix = "iam:"): RedisSecondaryStorage {
  const client = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: true, connectTimeout: 5_000 });
  // Connection errors surface through the failing commands; the event only needs a listener.
  client.on("error", () => {});
  return {
    storage: redisStorage({ client, keyPrefix }),
    client,
    keyPrefix,
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
