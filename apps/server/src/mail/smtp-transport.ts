import { createTransport } from "nodemailer";
import type { RenderedMail } from "./message-template.ts";

/** Sends one message; rejects with the SMTP server's or the network's complaint. */
export type SendMail = (to: string, message: RenderedMail) => Promise<void>;

/**
 * nodemailer on `SMTP_URL`: smtp:// upgrades with STARTTLS when the server offers it, smtps://
 * speaks TLS from the start; credentials come from the URL's user and password. Timeouts are
 * short: a silent server must fail the attempt (it is retried), not hold a sender for minutes.
 */
export function smtpSender(smtpUrl: string, from: string): { send: SendMail; close(): void } {
  const transport = createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  return {
    async send(to, message) {
      await transport.sendMail({ from, to, subject: message.subject, text: message.text, html: message.html });
    },
    close: () => transport.close(),
  };
}

/**
 * What an admin may see of a failed attempt: the error's message, without any URL (a message's
 * link must never be copied into the database's error column or the logs) and bounded.
 */
export function describeDeliveryError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, "[url]").slice(0, 500);
}
