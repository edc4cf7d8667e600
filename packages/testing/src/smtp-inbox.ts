import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { freePort } from "./free-port.ts";

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** The first link in the plain-text part that leads to `origin` (the one button). */
  linkTo(origin: string): string;
}

/**
 * A real SMTP server on loopback (smtp-server, in process) that accepts one user's credentials
 * and keeps what arrives, parsed. `refuse` makes it answer every message with a temporary
 * failure, as a server under maintenance does; `stop()` closes the port altogether.
 */
export class SmtpInbox {
  readonly messages: ReceivedMail[] = [];
  refuse = false;
  private server?: SMTPServer;
  private waiters: (() => void)[] = [];

  private constructor(
    readonly port: number,
    readonly user: string,
    readonly password: string,
  ) {}

  static async start(options: { user?: string; password?: string; port?: number } = {}): Promise<SmtpInbox> {
    const inbox = new SmtpInbox(options.port ?? (await freePort()), options.user ?? "mailer", options.password ?? "mail-secret-123");
    await inbox.listen();
    return inbox;
  }

  /** `smtp://user:pass@127.0.0.1:port`, as SMTP_URL. */
  get url(): string {
    return `smtp://${this.user}:${this.password}@127.0.0.1:${this.port}`;
  }

  async listen(): Promise<void> {
    const server = new SMTPServer({
      // Loopback only: plain text with AUTH is fine here (nodemailer still offers STARTTLS when asked).
      disabledCommands: ["STARTTLS"],
      allowInsecureAuth: true,
      authMethods: ["PLAIN", "LOGIN"],
      logger: false,
      onAuth: (auth, _session, callback) => {
        if (auth.username === this.user && auth.password === this.password) callback(null, { user: auth.username });
        else callback(new Error("Invalid username or password"));
      },
      onData: (stream, session, callback) => {
        if (this.refuse) {
          stream.resume();
          stream.on("end", () => callback(Object.assign(new Error("Mailbox temporarily unavailable"), { responseCode: 451 })));
          return;
        }
        simpleParser(stream)
          .then((parsed) => {
            const text = parsed.text ?? "";
            this.messages.push({
              from: parsed.from?.text ?? "",
              to: session.envelope.rcptTo.map((recipient) => recipient.address),
              subject: parsed.subject ?? "",
              text,
              html: typeof parsed.html === "string" ? parsed.html : "",
              linkTo(origin) {
                const link = text.match(/https?:\/\/\S+/g)?.find((candidate) => candidate.startsWith(origin));
                if (!link) throw new Error(`no link to ${origin} in: ${text}`);
                return link;
              },
            });
            for (const wake of this.waiters.splice(0)) wake();
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.server = server;
  }

  /** Waits until a message to `address` has arrived (the newest one), for up to `timeoutMs`. */
  async waitFor(address: string, predicate: (mail: ReceivedMail) => boolean = () => true, timeoutMs = 20_000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.filter((mail) => mail.to.includes(address) && predicate(mail)).at(-1);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no mail to ${address} within ${timeoutMs} ms (got ${this.messages.length} messages)`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 500));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  count(address: string): number {
    return this.messages.filter((mail) => mail.to.includes(address)).length;
  }

  address(): AddressInfo | undefined {
    return this.server?.server.address() as AddressInfo | undefined;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
