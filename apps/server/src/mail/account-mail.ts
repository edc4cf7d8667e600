import type { AccountMail } from "@iam/auth";
import { changeEmailMail, MAIL_KINDS, resetPasswordMail, verifyEmailMail } from "./account-mails.ts";
import type { MailQueue } from "./mail-queue.ts";

/**
 * Better Auth's links, as the mails carry them. Verification links go to the API's verify-email
 * (which signs the person in and continues to the callback); a callback Better Auth defaulted to
 * "/" (no page asked for one) becomes the account page. Reset links go straight to the console's
 * reset page with the token in the query: Better Auth's own `/reset-password/<token>` would put
 * the token in a path, and paths are logged.
 */
export function accountMail(queue: MailQueue, webUrl: string): AccountMail {
  return {
    async sendVerification(user, url, purpose) {
      const link = new URL(url);
      const callback = link.searchParams.get("callbackURL");
      if (!callback || callback === "/") link.searchParams.set("callbackURL", `${webUrl}/account`);
      const href = link.toString();
      const message = purpose === "change" ? changeEmailMail(user.name, href) : verifyEmailMail(user.name, href);
      await queue.enqueue(purpose === "change" ? MAIL_KINDS.changeEmail : MAIL_KINDS.verifyEmail, user.email, message, href);
    },
    async sendPasswordReset(user, url, token) {
      const requested = new URL(url).searchParams.get("callbackURL");
      const page = new URL(requested?.startsWith(`${webUrl}/`) ? requested : `${webUrl}/reset-password`);
      page.searchParams.set("token", token);
      const href = page.toString();
      await queue.enqueue(MAIL_KINDS.resetPassword, user.email, resetPasswordMail(user.name, href), href);
    },
  };
}
