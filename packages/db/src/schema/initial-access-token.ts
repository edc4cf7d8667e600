import { index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { oauthClient } from "./auth.ts";

/**
 * RFC 7591 initial access tokens: an admin issues one to a team or a tool, which presents it as
 * `Authorization: Bearer …` at the registration endpoint. Shown once, stored hashed (SHA-256,
 * base64url). No foreign keys: a token outlives the admin who issued it.
 */
export const initialAccessToken = pgTable(
  "initial_access_token",
  {
    id: text("id").primaryKey(),
    /** What the token is for, e.g. "CI of team payments"; shown in the console. */
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    createdBy: text("created_by"),
    createdAt: timestamp("created_at").defaultNow().notNull(),
    /** Null: valid until revoked. */
    expiresAt: timestamp("expires_at"),
    revokedAt: timestamp("revoked_at"),
    lastUsedAt: timestamp("last_used_at"),
  },
  (table) => [index("initial_access_token_created_at_idx").on(table.createdAt)],
);

/**
 * Clients that came through the RFC 7591 registration endpoint rather than an admin, and with
 * which initial access token (null: open registration or an admin's session).
 */
export const oauthClientRegistration = pgTable("oauth_client_registration", {
  clientId: text("client_id")
    .primaryKey()
    .references(() => oauthClient.clientId, { onDelete: "cascade" }),
  initialAccessTokenId: text("initial_access_token_id"),
  registeredAt: timestamp("registered_at").defaultNow().notNull(),
});
