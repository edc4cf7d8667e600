import { z } from "zod";
import { pageFields } from "./pagination.ts";

export const MAIL_MESSAGE_STATUSES = ["pending", "sent", "failed", "outbox"] as const;

/**
 * One outgoing message as admins see it. `text`/`html` (with the message's link) only in the
 * development outbox, where nothing is delivered; delivered messages keep no body.
 */
export const mailMessageView = z
  .object({
    id: z.string(),
    kind: z.string(),
    to: z.string(),
    subject: z.string(),
    status: z.enum(MAIL_MESSAGE_STATUSES),
    attempts: z.number().int(),
    last_error: z.string().nullable(),
    created_at: z.string(),
    next_attempt_at: z.string().nullable(),
    sent_at: z.string().nullable(),
    text: z.string().optional(),
    html: z.string().optional(),
  })
  .meta({ id: "MailMessage" });

export type MailMessageView = z.infer<typeof mailMessageView>;

export const mailListQuery = z.object({
  status: z.enum(MAIL_MESSAGE_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const mailPage = z.object({ items: z.array(mailMessageView), ...pageFields }).meta({ id: "MailPage" });
export type MailPage = z.infer<typeof mailPage>;

/** How mail leaves this server, and what does not work without it (for the console's banner). */
export const mailStatus = z
  .object({
    transport: z.enum(["smtp", "outbox"]),
    production: z.boolean(),
    require_email_verification: z.boolean(),
    /** Features that send mail and so do not reach anyone while `transport` is "outbox". */
    features_needing_mail: z.array(z.string()),
  })
  .meta({ id: "MailStatus" });
export type MailStatus = z.infer<typeof mailStatus>;

export const mailIdParam = z.object({ id: z.string().min(1).max(100) });

export const INVITATION_STATUSES = ["pending", "accepted", "revoked", "expired"] as const;

export const invitationView = z
  .object({
    id: z.string(),
    email: z.string(),
    role: z.enum(["user", "admin"]),
    status: z.enum(INVITATION_STATUSES),
    invited_by: z.string().nullable(),
    created_at: z.string(),
    expires_at: z.string(),
    last_sent_at: z.string(),
    accepted_at: z.string().nullable(),
    accepted_user_id: z.string().nullable(),
  })
  .meta({ id: "Invitation" });
export type InvitationView = z.infer<typeof invitationView>;

export const invitationListQuery = z.object({
  status: z.enum(INVITATION_STATUSES).optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const invitationPage = z.object({ items: z.array(invitationView), ...pageFields }).meta({ id: "InvitationPage" });
export type InvitationPage = z.infer<typeof invitationPage>;

export const createInvitationBody = z
  .object({
    email: z.email().max(320),
    role: z.enum(["user", "admin"]).default("user"),
    /** Days the link stays valid (1–30, default 7). */
    expires_in_days: z.number().int().min(1).max(30).default(7),
  })
  .strict();
export type CreateInvitationBody = z.input<typeof createInvitationBody>;

export const invitationIdParam = z.object({ id: z.string().min(1).max(100) });
export { userIdParam } from "./admin-user.ts";

/** The answer to an admin's "send a link" on a user: queued, never the link itself. */
export const mailQueued = z.object({ queued: z.literal(true) }).meta({ id: "MailQueued" });
