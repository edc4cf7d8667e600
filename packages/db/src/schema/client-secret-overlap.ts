import { index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { oauthClient } from "./auth.ts";

/**
 * A rotated client secret that keeps working for a while (the overlap window an admin picked), so
 * a relying party can redeploy with the new secret without an outage. One row per client at most:
 * a further rotation replaces it. Only the hash is kept, in the plugin's stored form.
 */
export const oauthClientPreviousSecret = pgTable(
  "oauth_client_previous_secret",
  {
    clientId: text("client_id")
      .primaryKey()
      .references(() => oauthClient.clientId, { onDelete: "cascade" }),
    /** SHA-256 (base64url) of the secret that was replaced, as `oauth_client.client_secret` holds it. */
    secretHash: text("secret_hash").notNull(),
    /** The old secret is refused from this instant on. */
    expiresAt: timestamp("expires_at").notNull(),
    rotatedAt: timestamp("rotated_at").defaultNow().notNull(),
  },
  (table) => [index("oauth_client_previous_secret_hash_idx").on(table.secretHash)],
);
