/** The `error` the API's browser layer appends when it sends a person back to a sign-in form. */
const MESSAGES: Record<string, string> = {
  invalid_credentials: "That email and password don't match. Check both and try again.",
  too_many_attempts: "Too many attempts in a short time. Wait a minute, then try again.",
  sign_in_failed: "We couldn't sign you in. Try again.",
  user_exists: "An account with this email already exists. Sign in instead.",
  weak_password: "Choose a password of at least 8 characters.",
  sign_up_failed: "We couldn't create your account. Check the fields and try again.",
  second_factor_expired: "Your sign-in timed out or had too many wrong codes. Sign in again.",
};

export function signInMessage(code: string | undefined): string | undefined {
  return code ? (MESSAGES[code] ?? MESSAGES.sign_in_failed) : undefined;
}
