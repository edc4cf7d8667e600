import { bigint, index, integer, pgTable, text } from "drizzle-orm/pg-core";

/**
 * Counters of the project's own throttles (failed sign-ins per account and per address, failed
 * client authentication per address, requests per OAuth client), in fixed windows. Kept apart from
 * Better Auth's `rate_limit` table on purpose: Better Auth deletes rows there by its own longest
 * window, which would unlock a 5-minute account lockout after a minute.
 */
export const throttleCounter = pgTable(
  "throttle_counter",
  {
    /** `<throttle>:<digest>`: never an email address or a raw client address. */
    key: text("key").primaryKey(),
    count: integer("count").notNull(),
    /** Epoch milliseconds at which this window ends and the count starts over. */
    windowEndsAt: bigint("window_ends_at", { mode: "number" }).notNull(),
  },
  (table) => [index("throttle_counter_window_ends_at_idx").on(table.windowEndsAt)],
);
