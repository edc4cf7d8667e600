import { createRoute } from "@hono/zod-openapi";
import type { Db } from "@iam/db";
import { mailMessage } from "@iam/db/schema";
import { mailIdParam, mailListQuery, mailMessageView, mailPage, mailStatus } from "@iam/schemas";
import type { MailMessageView, MailStatus } from "@iam/schemas";
import { and, count, desc, eq, inArray } from "drizzle-orm";
import { adminRoute, apiRouter, errorResponses, fail, jsonContent, listErrors, resourceErrors } from "../openapi/api-router.ts";
import type { AdminVariables } from "../routes/admin/require-admin.ts";
import { MAIL_STATUS } from "./mail-queue.ts";
import type { MailQueue } from "./mail-queue.ts";

/** Everything that sends mail: without SMTP it reaches nobody (only the outbox). */
export const FEATURES_NEEDING_MAIL = ["email verification", "password reset", "change of email address", "invitations"];

type MailRow = typeof mailMessage.$inferSelect;

function mailView(row: MailRow, withBody: boolean): MailMessageView {
  return {
    id: row.id,
    kind: row.kind,
    to: row.toAddress,
    subject: row.subject,
    status: row.status as MailMessageView["status"],
    attempts: row.attempts,
    last_error: row.lastError,
    created_at: row.createdAt.toISOString(),
    next_attempt_at: row.status === MAIL_STATUS.pending ? row.nextAttemptAt.toISOString() : null,
    sent_at: row.sentAt?.toISOString() ?? null,
    ...(withBody ? { text: row.textBody ?? "", html: row.htmlBody ?? "" } : {}),
  };
}

const listMailRoute = createRoute({
  ...adminRoute,
  method: "get",
  path: "/",
  summary: "Outgoing mail, newest first: delivery status, attempts, last error (bodies only in the development outbox).",
  request: { query: mailListQuery },
  responses: { 200: { description: "A page of messages.", ...jsonContent(mailPage) }, ...listErrors },
});

const mailStatusRoute = createRoute({
  ...adminRoute,
  method: "get",
  path: "/status",
  summary: "How mail is delivered (smtp or the development outbox) and which features need it.",
  responses: { 200: { description: "The mail transport.", ...jsonContent(mailStatus) }, ...errorResponses.admin },
});

const retryMailRoute = createRoute({
  ...adminRoute,
  method: "post",
  path: "/{id}/retry",
  summary: "Try a pending or failed message again now.",
  request: { params: mailIdParam },
  responses: { 200: { description: "The message, due now.", ...jsonContent(mailMessageView) }, ...resourceErrors },
});

/** `/api/admin/mail`: the outbox (development) and delivery status (SMTP). */
export function mailRoutes(db: Db, queue: MailQueue, status: Omit<MailStatus, "transport" | "features_needing_mail">) {
  const withBody = queue.mode === "outbox";
  return apiRouter<{ Variables: AdminVariables }>()
    .openapi(mailStatusRoute, (c) => c.json({ ...status, transport: queue.mode, features_needing_mail: FEATURES_NEEDING_MAIL }, 200))
    .openapi(listMailRoute, async (c) => {
      const query = c.req.valid("query");
      const where = query.status ? eq(mailMessage.status, query.status) : undefined;
      const [rows, totals] = await Promise.all([
        db.select().from(mailMessage).where(where).orderBy(desc(mailMessage.createdAt), desc(mailMessage.id)).limit(query.limit).offset(query.offset),
        db.select({ total: count() }).from(mailMessage).where(where),
      ]);
      return c.json({ items: rows.map((row) => mailView(row, withBody)), total: totals[0]?.total ?? 0, limit: query.limit, offset: query.offset }, 200);
    })
    .openapi(retryMailRoute, async (c) => {
      const [row] = await db
        .update(mailMessage)
        .set({ status: MAIL_STATUS.pending, nextAttemptAt: new Date() })
        .where(and(eq(mailMessage.id, c.req.valid("param").id), inArray(mailMessage.status, [MAIL_STATUS.pending, MAIL_STATUS.failed])))
        .returning();
      if (!row) return fail(c, "not_found", "No pending or failed message with this id.");
      if (queue.mode === "smtp") void queue.deliverDue();
      return c.json(mailView(row, withBody), 200);
    });
}
