import { createHash, randomUUID } from "node:crypto";
import type { Db } from "@iam/db";
import { rateLimit } from "@iam/db/schema";
import { eq, sql } from "drizzle-orm";

export interface AccountLimit {
  /** Failed attempts allowed per account within the window. */
  max: number;
  windowSeconds: number;
}

export const SIGN_IN_ACCOUNT_LIMIT: AccountLimit = { max: 5, windowSeconds: 300 };

/**
 * Failed sign-ins per account, kept in PostgreSQL (Better Auth's `rate_limit` table, under keys
 * of our own) so every instance sees the same count. The per-address limit is Better Auth's own;
 * this one stops an attacker who rotates addresses against a single account.
 */
export class AccountLimiter {
  constructor(
    private readonly db: Db,
    private readonly limit: AccountLimit = SIGN_IN_ACCOUNT_LIMIT,
  ) {}

  /** Seconds to wait before the next attempt, or 0 when one is allowed now. */
  async retryAfter(account: string, now = Date.now()): Promise<number> {
    const [row] = await this.db.select().from(rateLimit).where(eq(rateLimit.key, keyFor(account))).limit(1);
    if (!row || row.count < this.limit.max) return 0;
    const resetAt = row.lastRequest + this.limit.windowSeconds * 1000;
    return resetAt > now ? Math.ceil((resetAt - now) / 1000) : 0;
  }

  /** Counts a failed attempt; a window that has run out starts over. */
  async recordFailure(account: string, now = Date.now()): Promise<void> {
    const windowStart = now - this.limit.windowSeconds * 1000;
    await this.db
      .insert(rateLimit)
      .values({ id: randomUUID(), key: keyFor(account), count: 1, lastRequest: now })
      .onConflictDoUpdate({
        target: rateLimit.key,
        set: {
          count: sql`case when ${rateLimit.lastRequest} < ${windowStart} then 1 else ${rateLimit.count} + 1 end`,
          lastRequest: now,
        },
      });
  }

  async reset(account: string): Promise<void> {
    await this.db.delete(rateLimit).where(eq(rateLimit.key, keyFor(account)));
  }
}

/** Keyed by a digest: the table never holds an email address. */
function keyFor(account: string): string {
  return `sign-in-account:${createHash("sha256").update(account.trim().toLowerCase()).digest("base64url")}`;
}
