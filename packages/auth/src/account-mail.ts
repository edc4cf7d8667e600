import type { BetterAuthOptions } from "better-auth";

interface MailUser {
  id: string;
  email: string;
  name: string;
}

/** What Better Auth asks the server to deliver; implementations only queue (they must not wait on SMTP). */
export interface AccountMail {
  /** `change`: the link confirms a new address for an existing account. */
  sendVerification(user: MailUser, url: string, purpose: "verify" | "change"): Promise<void>;
  sendPasswordReset(user: MailUser, url: string, token: string): Promise<void>;
}

/** Reset and verification links live one hour, as the mails say. */
export const ACCOUNT_LINK_SECONDS = 3600;

/** The payload of Better Auth's verification JWT (read, not verified: verify-email checks it). */
function tokenPurpose(token: string): "verify" | "change" {
  try {
    const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as { requestType?: unknown };
    return payload.requestType === "change-email-verification" ? "change" : "verify";
  } catch {
    return "verify";
  }
}

/**
 * Better Auth's own features for an account's life: verification on sign-up (and on demand),
 * change of address through a link to the new one, password reset that ends every other
 * session. With `require`, sign-in and sign-up create no session until the address is verified;
 * following the link signs the person in (and goes on to the callback, which resumes an OAuth
 * authorization when one was interrupted).
 */
export function accountMailOptions(mail: AccountMail | undefined, require: boolean) {
  if (!mail) return { emailAndPassword: {}, emailVerification: undefined };
  const emailAndPassword = {
    requireEmailVerification: require,
    revokeSessionsOnPasswordReset: true,
    resetPasswordTokenExpiresIn: ACCOUNT_LINK_SECONDS,
    sendResetPassword: ({ user, url, token }) => mail.sendPasswordReset(user, url, token),
  } satisfies Partial<NonNullable<BetterAuthOptions["emailAndPassword"]>>;
  const emailVerification = {
    sendOnSignUp: true,
    // A refused sign-in is answered by the server's browser layer, which sends a link that resumes the flow.
    sendOnSignIn: false,
    autoSignInAfterVerification: true,
    expiresIn: ACCOUNT_LINK_SECONDS,
    sendVerificationEmail: ({ user, url, token }) => mail.sendVerification(user, url, tokenPurpose(token)),
  } satisfies BetterAuthOptions["emailVerification"];
  return { emailAndPassword, emailVerification };
}
