import { redisStorage } from "@better-auth/redis-storage";
import type { SecondaryStorage } from "better-auth";
import { Redis } from "ioredis";

export interface RedisSecondaryStorage {
  storage: SecondaryStorage;
  /**
   * Runs the project's own commands (rate-limit/redis-counter-store.ts) on the connection, failing
   * the same way as Better Auth's: a Redis that is away is SecondaryStorageUnavailableError (503).
   */
  command: RedisCommandRunner;
  keyPrefix: string;
  /** False while the connection to Redis is down (or being re-opened): requests then answer 503. */
  isAvailable(): boolean;
  close(): Promise<void>;
}

export type RedisCommandRunner = <T>(run: (client: Redis) => Promise<T>) => Promise<T>;

/** A command waits no longer than this; a Redis that does not answer is treated as down. */
const COMMAND_TIMEOUT_MS = 1_000;
/** Reconnection attempts every 50 ms, 100 ms, … at most 500 ms apart: back in service within a second. */
const MAX_RECONNECT_DELAY_MS = 500;

/** `code` is what isDatabaseUnavailable() looks for: state in Redis is as unavailable as the database. */
export class SecondaryStorageUnavailableError extends Error {
  readonly code = "SECONDARY_STORAGE_UNAVAILABLE";
  constructor(cause: unknown) {
    super("Redis (secondary storage) is unavailable.", { cause });
    this.name = "SecondaryStorageUnavailableError";
  }
}

/**
 * Better Auth's secondary storage on Redis (`REDIS_URL`): rate-limit counters and short-lived
 * state (verification values such as authorization codes) shared by every instance. Like the
 * database, an unreachable Redis fails fast: a command gets an answer or an error within a
 * second (refused, or black-holed: a connection that stops answering is dropped and reopened),
 * and the request answers 503 instead of hanging.
 */
export function createRedisStorage(url: string, keyPrefix = "iam:"): RedisSecondaryStorage {
  const client = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    connectTimeout: COMMAND_TIMEOUT_MS,
    commandTimeout: COMMAND_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 50, MAX_RECONNECT_DELAY_MS),
  });
  // Connection errors surface through the failing commands; the event only needs a listener.
  client.on("error", () => {});
  const storage = redisStorage({ client, keyPrefix });
  const guarded: RedisCommandRunner = async (command) => {
    try {
      return await command(client);
    } catch (error) {
      // A timed-out command means a connection that stopped answering: TCP would keep it for
      // minutes, so drop it and reconnect (ioredis does not on its own).
      if (error instanceof Error && /timed out/i.test(error.message)) client.disconnect(true);
      throw new SecondaryStorageUnavailableError(error);
    }
  };
  return {
    command: guarded,
    keyPrefix,
    // Every operation (get, set, increment, …) the same way, whatever the interface grows.
    storage: Object.fromEntries(
      Object.entries(storage).map(([name, operation]) => [
        name,
        typeof operation === "function"
          ? (...args: unknown[]) => guarded(async () => (operation as (...args: unknown[]) => unknown).apply(storage, args))
          : operation,
      ]),
    ) as unknown as SecondaryStorage,
    isAvailable: () => client.status === "ready",
    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
