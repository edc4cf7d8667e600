import type { Branding } from "@iam/schemas";

/** The `error` the API's browser layer appends when it sends a person back to a sign-in form. */
const MESSAGES: Record<string, string> = {
  invalid_credentials: "That email and password don't match. Check both and try again.",
  too_many_attempts: "Too many attempts in a short time. Wait a minute, then try again.",
  sign_in_failed: "We couldn't sign you in. Try again.",
  user_exists: "An account with this email already exists. Sign in instead.",
  weak_password: "Choose a password of at least 8 characters.",
  sign_up_failed: "We couldn't create your account. Check the fields and try again.",
  sign_up_closed: "Sign-up is closed: new accounts can't be created here. Sign in if you have an account.",
  invitation_required: "Accounts here are created by invitation only. Ask for an invitation, or sign in if you have an account.",
  domain_not_allowed: "Accounts can't be created with this email domain here. Use your work address, or ask for an invitation.",
  second_factor_expired: "Your sign-in timed out or had too many wrong codes. Sign in again.",
};

/**
 * Whom a suspended person should ask: the support contact the admin set in the console's Settings
 * (what the mail and other pages show), else the deployment's SUPPORT_CONTACT.
 */
export function supportContactOf(branding: Pick<Branding, "support_email" | "support_url">, deploymentContact: string | undefined): string | undefined {
  return branding.support_email ?? branding.support_url ?? deploymentContact;
}

/** A banned account: no "try again", but that it is suspended and whom to ask. */
export function suspendedAccountMessage(supportContact: string | undefined): string {
  return `Your account is suspended, so you cannot sign in. To find out why or to have it restored, contact ${supportContact ?? "your administrator"}.`;
}

export function signInMessage(code: string | undefined, supportContact?: string): string | undefined {
  if (code === "account_suspended") return suspendedAccountMessage(supportContact);
  return code ? (MESSAGES[code] ?? MESSAGES.sign_in_failed) : undefined;
}
