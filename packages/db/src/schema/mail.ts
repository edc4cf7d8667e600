import { index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Outgoing mail, kept in the database so it survives restarts and any instance can deliver it.
 * `pending`: due at `next_attempt_at` (a sender claims a row by pushing that forward, so two
 * instances never send one message twice at once); `sent`; `failed` after the last attempt;
 * `outbox`: no SMTP server is configured, the message is only shown to admins (development).
 * The bodies hold one-time links: they are cleared once a message is delivered.
 */
export const mailMessage = pgTable(
  "mail_message",
  {
    id: text("id").primaryKey(),
    createdAt: timestamp("created_at").defaultNow().notNull(),
    /** What the message is for: verify_email, reset_password, change_email, invitation. */
    kind: text("kind").notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body"),
    htmlBody: text("html_body"),
    status: text("status").notNull(),
    attempts: integer("attempts").default(0).notNull(),
    nextAttemptAt: timestamp("next_attempt_at").defaultNow().notNull(),
    /** The SMTP server's or the network's complaint about the last attempt; never the message. */
    lastError: text("last_error"),
    sentAt: timestamp("sent_at"),
  },
  (table) => [index("mail_message_status_next_idx").on(table.status, table.nextAttemptAt), index("mail_message_created_at_idx").on(table.createdAt)],
);

/**
 * An admin's invitation to an address. Only the SHA-256 of the link's token is stored; re-sending
 * replaces it (the older link stops working) and moves the expiry.
 */
export const invitation = pgTable(
  "invitation",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    role: text("role").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    invitedBy: text("invited_by"),
    createdAt: timestamp("created_at").defaultNow().notNull(),
    expiresAt: timestamp("expires_at").notNull(),
    lastSentAt: timestamp("last_sent_at").defaultNow().notNull(),
    acceptedAt: timestamp("accepted_at"),
    acceptedUserId: text("accepted_user_id"),
    revokedAt: timestamp("revoked_at"),
  },
  (table) => [index("invitation_email_idx").on(table.email), index("invitation_created_at_idx").on(table.createdAt)],
);
