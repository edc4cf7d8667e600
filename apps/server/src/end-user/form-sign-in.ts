import { z } from "zod";
import { errorPageUrl, readErrorCode } from "./browser-errors.ts";
import { continueAfterSignUp } from "./continue-created.ts";
import { asksForEnrollment, asksForSecondFactor, CHALLENGE_EXPIRED, enrollmentPageUrl, secondFactorPageUrl } from "./form-second-factor.ts";
import { seeOther } from "./navigation.ts";
import { checkEmailPage, sendVerification, verificationCallback } from "./account-forms.ts";
import type { AccountFormContext } from "./account-forms.ts";

/** What the login page shows after a failed attempt (the `error` parameter it reads). */
export const SIGN_IN_ERRORS = {
  invalid_credentials: "invalid_credentials",
  too_many_attempts: "too_many_attempts",
  sign_in_failed: "sign_in_failed",
  user_exists: "user_exists",
  weak_password: "weak_password",
  sign_up_failed: "sign_up_failed",
  account_suspended: "account_suspended",
  sign_up_closed: "sign_up_closed",
  invitation_required: "invitation_required",
  domain_not_allowed: "domain_not_allowed",
  [CHALLENGE_EXPIRED]: CHALLENGE_EXPIRED,
} as const;

export type SignInError = keyof typeof SIGN_IN_ERRORS;
export type FormKind = "sign-in" | "sign-up";

const signInForm = z.object({
  oauth_query: z.string().max(8_000).optional(),
  callbackURL: z.string().max(2_000).optional(),
  email: z.string().max(320).optional(),
});

/**
 * A sign-up form carrying an authorization gets a `callbackURL` that resumes it: Better Auth puts
 * that into the verification link it mails, so following the link signs the person in and goes
 * on with the same authorization, however long after.
 */
async function withVerificationCallback(request: Request, account: AccountFormContext, oauthQuery: string): Promise<Request> {
  const form = new URLSearchParams(await request.clone().text());
  // Always ours: a posted callbackURL must not send the verified person elsewhere.
  form.set("callbackURL", verificationCallback(account, oauthQuery));
  const headers = new Headers(request.headers);
  headers.delete("content-length");
  return new Request(request.url, { method: "POST", headers, body: form.toString() });
}

function reasonFor(kind: FormKind, status: number, code: string | undefined): SignInError {
  if (status === 429) return "too_many_attempts";
  // Better Auth's admin plugin refuses a banned person's session with BANNED_USER.
  if (code === "banned_user") return "account_suspended";
  if (kind === "sign-in") return status === 401 || code === "invalid_email" ? "invalid_credentials" : "sign_in_failed";
  if (code?.startsWith("user_already_exists")) return "user_exists";
  // The sign-up policy (console settings): said plainly, not as a generic failure.
  if (code === "sign_up_closed") return "sign_up_closed";
  if (code === "sign_up_invitation_required") return "invitation_required";
  if (code === "sign_up_email_domain_not_allowed") return "domain_not_allowed";
  if (code === "password_too_short" || code === "password_too_long") return "weak_password";
  return "sign_up_failed";
}

/**
 * A native form post to /sign-in/email or /sign-up/email from the login page (JavaScript off or
 * on). Better Auth answers failures with JSON a browser would display as is; the person goes back
 * to the page they came from with a message instead, keeping the signed query so the flow
 * survives. Successes that carry a `callbackURL` answer 200 with a Location header; a browser
 * needs a 303. Nothing typed into the form is put in the URL.
 */
export async function handleFormSignIn(
  kind: FormKind,
  request: Request,
  webUrl: string,
  handle: (request: Request) => Promise<Response>,
  account?: AccountFormContext,
): Promise<Response> {
  const form = signInForm.safeParse(Object.fromEntries((await request.clone().formData()).entries()));
  const fields = form.success ? form.data : {};
  const signUpWithFlow = kind === "sign-up" && account && fields.oauth_query;
  const response = await handle(signUpWithFlow && fields.oauth_query ? await withVerificationCallback(request, account, fields.oauth_query) : request);
  if (response.status >= 300 && response.status < 400) {
    const backToSignUp = kind === "sign-up" && fields.oauth_query && response.headers.get("location")?.startsWith(`${webUrl}/oauth-login?`);
    return backToSignUp && fields.oauth_query ? continueAfterSignUp(request, response, fields.oauth_query, handle) : response;
  }
  // The password was right and a second factor is due: its page, with the challenge cookie set.
  if (kind === "sign-in" && (await asksForSecondFactor(response))) return seeOther(secondFactorPageUrl(webUrl, fields), response);
  // Signed in, but the settings require a second factor this person has not set up: that first.
  if (kind === "sign-in" && (await asksForEnrollment(response))) return seeOther(enrollmentPageUrl(webUrl, fields.callbackURL), response);
  if (response.ok) {
    const location = response.headers.get("location");
    if (location) return seeOther(location, response);
    // Verification required: the account exists but has no session until the mailed link is followed.
    if (kind === "sign-up" && account && response.headers.getSetCookie().length === 0)
      return seeOther(checkEmailPage(webUrl, fields.oauth_query, { sent: "1" }));
    return response;
  }
  const code = await readErrorCode(response);
  // Right password, unverified address, verification required: a fresh link, and the page that says so.
  if (code === "email_not_verified" && account && fields.email) {
    const sent = await sendVerification(request, account, fields.email, fields.oauth_query);
    return seeOther(checkEmailPage(webUrl, fields.oauth_query, sent.ok ? { sent: "1" } : { error: "failed" }));
  }
  if (code === "invalid_signature") return seeOther(errorPageUrl(webUrl, "invalid_signature"));
  const reason = reasonFor(kind, response.status, code);
  const mode = kind === "sign-up" ? "create" : "sign-in";
  // The signed query is already URL-encoded; parameters outside its signature are ignored by Better Auth.
  if (fields.oauth_query) return seeOther(`${webUrl}/oauth-login?${fields.oauth_query}&mode=${mode}&error=${reason}`);
  const back = new URL(`${webUrl}/sign-in`);
  back.searchParams.set("error", reason);
  if (fields.callbackURL?.startsWith(`${webUrl}/`)) back.searchParams.set("callbackURL", fields.callbackURL);
  return seeOther(back.toString());
}
