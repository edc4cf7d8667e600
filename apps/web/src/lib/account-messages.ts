/** The `error` the API's browser layer appends when it sends a person back to an account page. */
const MESSAGES: Record<string, string> = {
  invalid_email: "Enter a valid email address.",
  invalid_token: "This link has expired or was already used. Ask for a new one.",
  weak_password: "Choose a password of at least 8 characters.",
  too_many_attempts: "Too many attempts in a short time. Wait a minute, then try again.",
  invalid_invitation: "This invitation has expired, was revoked or was already used. Ask an administrator for a new one.",
  account_exists: "An account with this email already exists. Sign in instead.",
  invalid_form: "Fill in your name and a password of at least 8 characters.",
  failed: "Something went wrong. Try again.",
};

export function accountMessage(code: string | undefined): string | undefined {
  return code ? (MESSAGES[code] ?? MESSAGES.failed) : undefined;
}

/** Where "back to sign in" leads: the interrupted authorization's login page, or the console's. */
export function signInHref(oauthQuery: string | undefined): string {
  return oauthQuery ? `/oauth-login?${oauthQuery}` : "/sign-in";
}
