import { randomUUID } from "node:crypto";
import type { Db } from "@iam/db";
import { runOutsideDeadline } from "@iam/db";
import { mailMessage } from "@iam/db/schema";
import { and, asc, eq, inArray, lte } from "drizzle-orm";
import type { Logger } from "../http/logger.ts";
import type { MailKind } from "./account-mails.ts";
import type { RenderedMail } from "./message-template.ts";
import { describeDeliveryError } from "./smtp-transport.ts";
import type { SendMail } from "./smtp-transport.ts";

export const MAIL_STATUS = { pending: "pending", sent: "sent", failed: "failed", outbox: "outbox" } as const;

export interface RetryPolicy {
  /** Delay after the first failed attempt; doubled after each further one. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Attempts before a message is marked failed (an admin can still retry it). */
  maxAttempts: number;
  /** How often each instance looks for due messages (a new message is also sent at once). */
  pollIntervalMs: number;
  /** How long a claimed message stays invisible to other senders while it is being sent. */
  leaseMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 30_000, maxDelayMs: 3_600_000, maxAttempts: 8, pollIntervalMs: 5_000, leaseMs: 120_000 };

/** When the attempt after `attempts` failed ones is due. */
export function retryDelayMs(policy: RetryPolicy, attempts: number): number {
  return Math.min(policy.baseDelayMs * 2 ** Math.max(0, attempts - 1), policy.maxDelayMs);
}

export interface MailQueue {
  /** "smtp" when SMTP_URL is set; "outbox" keeps messages for the console (development). */
  readonly mode: "smtp" | "outbox";
  /**
   * Stores the message and returns; delivery happens in the background, so a slow or absent SMTP
   * server never delays or fails the request that caused the message.
   */
  enqueue(kind: MailKind, to: string, message: RenderedMail, link: string): Promise<string>;
  /** Sends what is due now (also run by the timer); resolves with the number of messages tried. */
  deliverDue(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

export function createMailQueue(options: {
  db: Db;
  logger: Logger;
  sender?: SendMail;
  policy?: Partial<RetryPolicy>;
  /** Development only: without SMTP the outbox's links are also logged (never in production). */
  logOutboxLinks?: boolean;
}): MailQueue {
  const { db, logger, sender } = options;
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;
  let stopped = false;

  async function claimDue(): Promise<(typeof mailMessage.$inferSelect)[]> {
    const now = new Date();
    // SKIP LOCKED: instances polling at once each take different rows; pushing next_attempt_at
    // forward is the lease (a sender that dies mid-send leaves the row due again after it).
    const due = db
      .select({ id: mailMessage.id })
      .from(mailMessage)
      .where(and(eq(mailMessage.status, MAIL_STATUS.pending), lte(mailMessage.nextAttemptAt, now)))
      .orderBy(asc(mailMessage.nextAttemptAt))
      .limit(10)
      .for("update", { skipLocked: true });
    return db
      .update(mailMessage)
      .set({ nextAttemptAt: new Date(now.getTime() + policy.leaseMs) })
      .where(and(inArray(mailMessage.id, due), eq(mailMessage.status, MAIL_STATUS.pending)))
      .returning();
  }

  async function attempt(row: typeof mailMessage.$inferSelect): Promise<void> {
    if (!sender) return;
    const attempts = row.attempts + 1;
    try {
      await sender(row.toAddress, { subject: row.subject, text: row.textBody ?? "", html: row.htmlBody ?? "" });
      // Delivered: the one-time link has no reason to stay at rest.
      await db
        .update(mailMessage)
        .set({ status: MAIL_STATUS.sent, attempts, sentAt: new Date(), lastError: null, textBody: null, htmlBody: null })
        .where(eq(mailMessage.id, row.id));
      logger.log("info", "mail sent", { mailId: row.id, kind: row.kind, attempts });
    } catch (error) {
      const lastError = describeDeliveryError(error);
      const failed = attempts >= policy.maxAttempts;
      const nextAttemptAt = new Date(Date.now() + retryDelayMs(policy, attempts));
      await db
        .update(mailMessage)
        .set({ attempts, lastError, status: failed ? MAIL_STATUS.failed : MAIL_STATUS.pending, nextAttemptAt })
        .where(eq(mailMessage.id, row.id));
      logger.log(failed ? "error" : "warn", failed ? "mail delivery failed for good" : "mail delivery failed, will retry", {
        mailId: row.id,
        kind: row.kind,
        attempts,
        error: lastError,
        ...(failed ? {} : { nextAttemptAt: nextAttemptAt.toISOString() }),
      });
    }
  }

  async function deliverOnce(): Promise<number> {
    if (!sender) return 0;
    let tried = 0;
    for (;;) {
      const rows = await claimDue();
      if (rows.length === 0) return tried;
      for (const row of rows) await attempt(row);
      tried += rows.length;
      if (stopped) return tried;
    }
  }

  function deliverDue(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = runOutsideDeadline(async () => {
      try {
        let tried = 0;
        do {
          again = false;
          tried += await deliverOnce();
        } while (again && !stopped);
        return tried;
      } catch (error) {
        logger.log("warn", "mail delivery pass failed", { error: describeDeliveryError(error) });
        return 0;
      } finally {
        running = undefined;
      }
    });
    return running;
  }

  return {
    mode: sender ? "smtp" : "outbox",
    async enqueue(kind, to, message, link) {
      const id = randomUUID();
      const status = sender ? MAIL_STATUS.pending : MAIL_STATUS.outbox;
      await db.insert(mailMessage).values({
        id,
        createdAt: new Date(),
        kind,
        toAddress: to,
        subject: message.subject,
        textBody: message.text,
        htmlBody: message.html,
        status,
        nextAttemptAt: new Date(),
      });
      if (sender) {
        if (!stopped) void deliverDue();
      } else {
        // Development without SMTP: the console's outbox shows the message; the log has its link.
        logger.log("info", "mail kept in the outbox (no SMTP_URL)", { mailId: id, kind, ...(options.logOutboxLinks ? { link } : {}) });
      }
      return id;
    },
    deliverDue,
    start() {
      if (!sender || timer) return;
      timer = setInterval(() => void deliverDue(), policy.pollIntervalMs);
      timer.unref();
      void deliverDue();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
