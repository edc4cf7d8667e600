/** The `error` the API's browser layer appends when it sends a person back to the second-factor page. */
const MESSAGES: Record<string, string> = {
  invalid_code: "That code isn't right. Check your authenticator app (or the backup code) and try again.",
  locked: "Too many wrong codes for this account. Wait a few minutes, then try again.",
  failed: "We couldn't check that code. Try again.",
};

export function secondFactorMessage(code: string | undefined): string | undefined {
  return code ? (MESSAGES[code] ?? MESSAGES.failed) : undefined;
}
