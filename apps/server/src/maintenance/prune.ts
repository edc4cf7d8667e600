import type { Db } from "@iam/db";
import {
  backchannelLogoutDelivery,
  oauthAccessToken,
  oauthClientAssertion,
  oauthRefreshToken,
  rateLimit,
  session,
  throttleCounter,
  verification,
} from "@iam/db/schema";
import { inArray, lt } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";

export const DEFAULT_PRUNE_INTERVAL_MS = 10 * 60 * 1000;

/** Rows deleted per statement: short statements keep locks brief and let requests interleave. */
const BATCH = 500;
/** Rate-limit rows untouched this long belong to no live window. */
const RATE_LIMIT_RETENTION_MS = 24 * 60 * 60 * 1000;
/** Back-channel logout deliveries stay visible in the console this long (retries end after 24 h). */
const LOGOUT_DELIVERY_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

interface Prunable {
  name: string;
  table: PgTable;
  id: PgColumn;
  expired: (now: Date) => ReturnType<typeof lt>;
}

/** Expired codes (verification rows), sessions, tokens and assertion ids are dead weight. */
const PRUNABLE: Prunable[] = [
  { name: "verification", table: verification, id: verification.id, expired: (now) => lt(verification.expiresAt, now) },
  { name: "session", table: session, id: session.id, expired: (now) => lt(session.expiresAt, now) },
  { name: "oauth_access_token", table: oauthAccessToken, id: oauthAccessToken.id, expired: (now) => lt(oauthAccessToken.expiresAt, now) },
  // Rotated and revoked refresh tokens stay until they expire: a replay must still be recognised.
  { name: "oauth_refresh_token", table: oauthRefreshToken, id: oauthRefreshToken.id, expired: (now) => lt(oauthRefreshToken.expiresAt, now) },
  { name: "oauth_client_assertion", table: oauthClientAssertion, id: oauthClientAssertion.id, expired: (now) => lt(oauthClientAssertion.expiresAt, now) },
  { name: "rate_limit", table: rateLimit, id: rateLimit.id, expired: (now) => lt(rateLimit.lastRequest, now.getTime() - RATE_LIMIT_RETENTION_MS) },
  // The project's own counters say when their window ends.
  { name: "throttle_counter", table: throttleCounter, id: throttleCounter.key, expired: (now) => lt(throttleCounter.windowEndsAt, now.getTime()) },
  {
    name: "backchannel_logout_delivery",
    table: backchannelLogoutDelivery,
    id: backchannelLogoutDelivery.id,
    expired: (now) => lt(backchannelLogoutDelivery.createdAt, new Date(now.getTime() - LOGOUT_DELIVERY_RETENTION_MS)),
  },
];

export type PruneCounts = Record<string, number>;

/** Deletes expired rows in small batches; returns how many went from each table. */
export async function pruneExpired(db: Db, now = new Date(), maxBatchesPerTable = 20): Promise<PruneCounts> {
  const counts: PruneCounts = {};
  for (const { name, table, id, expired } of PRUNABLE) {
    counts[name] = 0;
    for (let batch = 0; batch < maxBatchesPerTable; batch++) {
      const victims = db.select({ id }).from(table).where(expired(now)).limit(BATCH);
      const deleted = await db.delete(table).where(inArray(id, victims)).returning({ id });
      counts[name] += deleted.length;
      if (deleted.length < BATCH) break;
      // Yield between batches so requests sharing the event loop (PGlite) are not starved.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return counts;
}

export interface PruneSchedule {
  stop(): Promise<void>;
}

/**
 * Runs `pruneExpired` every `intervalMs` in the background: never on a request's path, never two
 * runs at once, and a failed run (database away) is logged and retried at the next tick.
 */
export function schedulePruning(db: Db, intervalMs: number, onResult: (counts: PruneCounts | Error) => void): PruneSchedule {
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = pruneExpired(db)
      .then(onResult, (error: unknown) => onResult(error instanceof Error ? error : new Error(String(error))))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
