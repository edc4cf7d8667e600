import { AUTH_PATHS, fullAuthPath } from "@iam/auth";
import { z } from "zod";
import { readErrorCode } from "./browser-errors.ts";
import { seeOther } from "./navigation.ts";

/** What the account page says after a change (`?done=`), one sentence each on the page. */
export const ACCOUNT_NOTICES = {
  name_saved: "name_saved",
  email_change_sent: "email_change_sent",
  password_changed: "password_changed",
  session_ended: "session_ended",
  other_sessions_ended: "other_sessions_ended",
  application_removed: "application_removed",
  signed_out: "signed_out",
} as const;

/** What the account page says when a change was refused (`?error=`). */
export const ACCOUNT_ERRORS = {
  invalid_input: "invalid_input",
  wrong_password: "wrong_password",
  weak_password: "weak_password",
  password_mismatch: "password_mismatch",
  no_password: "no_password",
  same_email: "same_email",
  email_change_unavailable: "email_change_unavailable",
  not_found: "not_found",
  too_many_attempts: "too_many_attempts",
  failed: "failed",
} as const;

type Notice = keyof typeof ACCOUNT_NOTICES;
type AccountError = keyof typeof ACCOUNT_ERRORS;
type Handle = (request: Request) => Promise<Response>;
/** The JSON body for Better Auth, or an error to show without calling it. */
type Translation = { body: Record<string, unknown> } | { error: AccountError };

interface AccountForm {
  notice: Notice;
  /** Where a success leads instead of back to the page (signing out). */
  doneUrl?: (webUrl: string) => string;
  /** Where on the page the person is sent back to. */
  section: "profile" | "password" | "sessions" | "applications";
  translate(fields: Record<string, string>, request: Request, handle: Handle, webUrl: string): Promise<Translation>;
}

const text = (max: number) => z.string().trim().min(1).max(max);

const sessionList = z.array(z.object({ id: z.string(), token: z.string() }).loose());

/** Forms name a session by id; Better Auth's `revoke-session` wants its token, which never reaches the page. */
async function sessionToken(request: Request, handle: Handle, sessionId: string): Promise<string | undefined> {
  const headers = new Headers(request.headers);
  for (const name of ["content-type", "content-length"]) headers.delete(name);
  headers.set("accept", "application/json");
  const listed = await handle(new Request(new URL(fullAuthPath(AUTH_PATHS.listSessions), request.url), { method: "GET", headers }));
  if (!listed.ok) return undefined;
  const sessions = sessionList.safeParse(await listed.json().catch(() => null));
  return sessions.success ? sessions.data.find((session) => session.id === sessionId)?.token : undefined;
}

const FORMS: Record<string, AccountForm> = {
  [fullAuthPath(AUTH_PATHS.updateUser)]: {
    notice: "name_saved",
    section: "profile",
    translate: async (fields) => {
      const name = text(200).safeParse(fields.name);
      return name.success ? { body: { name: name.data } } : { error: "invalid_input" };
    },
  },
  [fullAuthPath(AUTH_PATHS.changeEmail)]: {
    notice: "email_change_sent",
    section: "profile",
    translate: async (fields, _request, _handle, webUrl) => {
      const email = z.email().max(320).safeParse(fields.newEmail?.trim());
      // The verification link lands back on the account page once the new address is confirmed.
      return email.success ? { body: { newEmail: email.data, callbackURL: `${webUrl}/account?done=email_changed` } } : { error: "invalid_input" };
    },
  },
  [fullAuthPath(AUTH_PATHS.changePassword)]: {
    notice: "password_changed",
    section: "password",
    translate: async (fields) => {
      const currentPassword = text(256).safeParse(fields.currentPassword);
      const newPassword = text(256).safeParse(fields.newPassword);
      if (!currentPassword.success || !newPassword.success) return { error: "invalid_input" };
      if (fields.confirmPassword !== undefined && fields.confirmPassword !== fields.newPassword) return { error: "password_mismatch" };
      // A changed password ends every other session: whoever knew the old one is signed out.
      return { body: { currentPassword: fields.currentPassword, newPassword: fields.newPassword, revokeOtherSessions: true } };
    },
  },
  [fullAuthPath(AUTH_PATHS.revokeSession)]: {
    notice: "session_ended",
    section: "sessions",
    translate: async (fields, request, handle) => {
      const id = text(200).safeParse(fields.session_id);
      if (!id.success) return { error: "invalid_input" };
      const token = await sessionToken(request, handle, id.data);
      return token ? { body: { token } } : { error: "not_found" };
    },
  },
  [fullAuthPath(AUTH_PATHS.revokeOtherSessions)]: {
    notice: "other_sessions_ended",
    section: "sessions",
    translate: async () => ({ body: {} }),
  },
  [fullAuthPath(AUTH_PATHS.signOut)]: {
    notice: "signed_out",
    section: "profile",
    doneUrl: (webUrl) => `${webUrl}/logout?done=1`,
    translate: async () => ({ body: {} }),
  },
  [fullAuthPath(AUTH_PATHS.deleteConsent)]: {
    notice: "application_removed",
    section: "applications",
    translate: async (fields) => {
      const id = text(200).safeParse(fields.consent_id);
      return id.success ? { body: { id: id.data } } : { error: "invalid_input" };
    },
  },
};

export function isAccountFormPath(path: string): boolean {
  return path in FORMS;
}

function errorFor(status: number, code: string | undefined, message: string | undefined): AccountError {
  if (status === 429) return "too_many_attempts";
  if (code === "invalid_password") return "wrong_password";
  if (code === "password_too_short" || code === "password_too_long") return "weak_password";
  if (code === "credential_account_not_found") return "no_password";
  if (code === "change_email_disabled" || message === "Verification email isn't enabled") return "email_change_unavailable";
  if (message === "Email is the same") return "same_email";
  if (code === "not_found" || status === 404) return "not_found";
  if (code === "validation_error") return "invalid_input";
  return "failed";
}

async function readMessage(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.clone().json()) as { message?: unknown };
    return typeof body.message === "string" ? body.message : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The account page's plain forms (JavaScript off or on) posted to Better Auth's own endpoints:
 * each form becomes the JSON call the endpoint expects, and the answer a redirect back to the
 * page with a notice or an error the page words for a person. Signed-out posts go to sign-in,
 * which comes back to the account page. Cookies the endpoint set (a new session after a password
 * change) are kept.
 */
export async function handleAccountForm(path: string, request: Request, webUrl: string, handle: Handle): Promise<Response> {
  const form = FORMS[path];
  if (!form) throw new Error(`not an account form: ${path}`);
  const back = (query: string) => `${webUrl}/account?${query}#${form.section}`;
  const fields: Record<string, string> = {};
  for (const [key, value] of (await request.formData()).entries()) if (typeof value === "string") fields[key] = value;
  const translated = await form.translate(fields, request, handle, webUrl);
  if ("error" in translated) return seeOther(back(`error=${translated.error}`));
  const headers = new Headers(request.headers);
  headers.set("content-type", "application/json");
  headers.set("accept", "application/json");
  headers.delete("content-length");
  const response = await handle(new Request(request.url, { method: "POST", headers, body: JSON.stringify(translated.body) }));
  if (response.status === 401) return seeOther(`${webUrl}/sign-in?callbackURL=${encodeURIComponent("/account")}`, response);
  if (response.ok) return seeOther(form.doneUrl?.(webUrl) ?? back(`done=${form.notice}`), response);
  const error = errorFor(response.status, await readErrorCode(response), await readMessage(response));
  return seeOther(back(`error=${error}`), response);
}
