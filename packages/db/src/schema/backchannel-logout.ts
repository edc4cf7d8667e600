import { boolean, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { oauthClient } from "./auth.ts";

/**
 * Where a client receives back-channel logout tokens (OpenID Connect Back-Channel Logout 1.0).
 * Kept here rather than in the plugin's `backchannel_logout_uri` column: the plugin delivers to
 * that column itself, once and without a record, so a relying party that is down would miss the
 * logout and every logout would be sent twice. The queue below is the only sender.
 */
export const oauthClientLogout = pgTable("oauth_client_logout", {
  clientId: text("client_id")
    .primaryKey()
    .references(() => oauthClient.clientId, { onDelete: "cascade" }),
  uri: text("uri").notNull(),
  /** `backchannel_logout_session_required`: the client needs `sid` in the logout token. */
  sessionRequired: boolean("session_required").default(false).notNull(),
  updatedAt: timestamp("updated_at").defaultNow().notNull(),
});

/**
 * One logout token to deliver to one client: queued when a session ends, claimed by one server
 * instance at a time (`claimed_until`), retried with backoff until delivered or given up.
 * `id` is the token's `jti`, the same on every attempt so a relying party can tell a retry.
 */
export const backchannelLogoutDelivery = pgTable(
  "backchannel_logout_delivery",
  {
    id: text("id").primaryKey(),
    clientId: text("client_id")
      .notNull()
      .references(() => oauthClient.clientId, { onDelete: "cascade" }),
    /** The token's `sub`; no foreign key: the logout must still go out after the user is deleted. */
    userId: text("user_id").notNull(),
    /** The token's `sid`; null when the logout covers every session of the user at the client. */
    sessionId: text("session_id"),
    /** `pending`, `delivered` or `failed` (given up). */
    status: text("status").notNull(),
    attempts: integer("attempts").default(0).notNull(),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull(),
    /** An instance working on the row holds it until then; past it, another may take it over. */
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    /** What the last attempt got: an HTTP status, or a network error in words. Never the token. */
    lastError: text("last_error"),
    /** Why the session ended: `sign_out`, `sessions_revoked`, `banned`, … */
    reason: text("reason").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).defaultNow().notNull(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (table) => [
    index("backchannel_logout_delivery_due_idx").on(table.status, table.nextAttemptAt),
    index("backchannel_logout_delivery_client_idx").on(table.clientId, table.createdAt),
  ],
);
