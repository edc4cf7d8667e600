import { boolean, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { oauthClient } from "./auth.ts";

/**
 * How the provider issues tokens to one client, where that differs from the plugin's defaults:
 * a JWT access token (RFC 9068) instead of an opaque one, its lifetime, and whether the code flow
 * yields a refresh token without `offline_access`. A client without a row has the defaults
 * (opaque, the plugin's lifetime, refresh tokens only with `offline_access`, no second factor
 * required). The row holds the client's project-level settings beside its RFC 7591 metadata.
 */
export const oauthClientTokenPolicy = pgTable("oauth_client_token_policy", {
  clientId: text("client_id")
    .primaryKey()
    .references(() => oauthClient.clientId, { onDelete: "cascade" }),
  /** `opaque` or `jwt`. */
  accessTokenFormat: text("access_token_format").notNull().default("opaque"),
  /** Seconds a JWT access token lives; null: the default (see @iam/auth access-tokens). */
  accessTokenLifetime: integer("access_token_lifetime"),
  /** `offline_access` (a refresh token only when asked for) or `always` (code flow). */
  refreshTokenPolicy: text("refresh_token_policy").notNull().default("offline_access"),
  /** Every authorization for this client needs a second factor (people without one enroll first). */
  requireSecondFactor: boolean("require_second_factor").notNull().default(false),
  updatedAt: timestamp("updated_at").defaultNow().notNull(),
});
