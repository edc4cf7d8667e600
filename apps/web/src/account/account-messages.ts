/** The `done` the API's browser layer appends after a change made on the account page. */
const NOTICES: Record<string, string> = {
  name_saved: "Your name is saved.",
  email_change_sent: "We sent a link to the new address; your email changes when you confirm it.",
  email_changed: "Your email address is confirmed.",
  password_changed: "Your password is changed. Every other session has been signed out.",
  session_ended: "That session is signed out.",
  other_sessions_ended: "Every other session is signed out.",
  application_removed: "The application's access is withdrawn: it can no longer act for you until you allow it again.",
};

/** The `error` it appends when a change was refused. */
const ERRORS: Record<string, string> = {
  invalid_input: "Check the field and try again.",
  wrong_password: "Your current password is not right, so nothing was changed.",
  weak_password: "Choose a new password of at least 8 characters.",
  password_mismatch: "The two new passwords are not the same.",
  no_password: "This account signs in without a password here, so there is none to change.",
  same_email: "That is already your email address.",
  email_change_unavailable: "Changing your email address is not available on this server yet. Ask an administrator.",
  not_found: "That session or application was already gone.",
  too_many_attempts: "Too many attempts in a short time. Wait a minute, then try again.",
  failed: "That did not work. Try again.",
};

export function accountNotice(code: string | undefined): string | undefined {
  return code ? NOTICES[code] : undefined;
}

export function accountError(code: string | undefined): string | undefined {
  return code ? (ERRORS[code] ?? ERRORS.failed) : undefined;
}

/** Dates on a page rendered on the server: one unambiguous form, in UTC. */
export function formatWhen(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "—";
  return `${date.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC`;
}
