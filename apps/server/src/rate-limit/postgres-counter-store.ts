import type { Db } from "@iam/db";
import { throttleCounter } from "@iam/db/schema";
import { and, eq, gt, sql } from "drizzle-orm";
import { secondsUntil } from "./counter-store.ts";
import type { CounterStore, Decision, Throttle } from "./counter-store.ts";

const t = throttleCounter;

/**
 * Counters in the `throttle_counter` table. `reserve` is a single INSERT … ON CONFLICT DO UPDATE
 * whose update applies only while the window has room: PostgreSQL locks the row for it, so of
 * twelve concurrent attempts on a limit of five exactly five get a row back.
 */
export class PostgresCounterStore implements CounterStore {
  constructor(private readonly db: Db) {}

  async reserve(key: string, throttle: Throttle, now = Date.now()): Promise<Decision> {
    const counted = await this.#increment(key, throttle, now, sql`${t.windowEndsAt} <= ${now} or ${t.count} < ${throttle.max}`);
    return counted ? { allowed: true } : this.check(key, throttle, now);
  }

  async record(key: string, throttle: Throttle, now = Date.now()): Promise<void> {
    await this.#increment(key, throttle, now);
  }

  async check(key: string, throttle: Throttle, now = Date.now()): Promise<Decision> {
    const [row] = await this.db
      .select({ count: t.count, windowEndsAt: t.windowEndsAt })
      .from(t)
      .where(and(eq(t.key, key), gt(t.windowEndsAt, now)))
      .limit(1);
    if (!row || row.count < throttle.max) return { allowed: true };
    return { allowed: false, retryAfterSeconds: secondsUntil(row.windowEndsAt, now) };
  }

  async release(key: string, now = Date.now()): Promise<void> {
    await this.db
      .update(t)
      .set({ count: sql`${t.count} - 1` })
      .where(and(eq(t.key, key), gt(t.count, 0), gt(t.windowEndsAt, now)));
  }

  async reset(key: string): Promise<void> {
    await this.db.delete(t).where(eq(t.key, key));
  }

  /** Adds one to the key's window (a run-out window starts over at one); false when `when` refused it. */
  async #increment(key: string, throttle: Throttle, now: number, when?: ReturnType<typeof sql>): Promise<boolean> {
    const windowEndsAt = now + throttle.windowSeconds * 1000;
    const expired = sql`${t.windowEndsAt} <= ${now}`;
    const rows = await this.db
      .insert(t)
      .values({ key, count: 1, windowEndsAt })
      .onConflictDoUpdate({
        target: t.key,
        set: {
          count: sql`case when ${expired} then 1 else ${t.count} + 1 end`,
          windowEndsAt: sql`case when ${expired} then ${windowEndsAt}::bigint else ${t.windowEndsAt} end`,
        },
        ...(when ? { setWhere: when } : {}),
      })
      .returning({ count: t.count });
    return rows.length > 0;
  }
}
