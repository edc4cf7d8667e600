import { index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Security-relevant events: who did what, to what, when and from where. No foreign keys: an entry
 * must outlive the user or client it mentions. Never holds secrets, tokens, passwords or codes.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    createdAt: timestamp("created_at").defaultNow().notNull(),
    /** e.g. `sign_in.succeeded`, `oauth_client.created`, `user.banned` (see AUDIT_ACTIONS). */
    action: text("action").notNull(),
    /** The user who acted; null for anonymous attempts. */
    actorUserId: text("actor_user_id"),
    /** The email typed or held by the actor, for failed sign-ins where no user is known. */
    actorEmail: text("actor_email"),
    targetType: text("target_type"),
    targetId: text("target_id"),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    details: jsonb("details").$type<Record<string, unknown>>(),
  },
  (table) => [
    index("audit_log_created_at_idx").on(table.createdAt),
    index("audit_log_action_idx").on(table.action),
    index("audit_log_actor_user_id_idx").on(table.actorUserId),
  ],
);
