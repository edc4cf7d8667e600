import type { Auth } from "@iam/auth";
import { AUTH_PATHS, CLIENT_IP_HEADER, fullAuthPath } from "@iam/auth";
import { z } from "zod";
import { errorPageUrl, readErrorCode } from "./browser-errors.ts";
import { seeOther } from "./navigation.ts";
import { resumeAuthorizationUrl } from "./resume-authorization.ts";

export interface AccountFormContext {
  auth: Auth;
  /** Public base URL of the API (the authorization endpoint is resumed there). */
  baseUrl: string;
  webUrl: string;
  handle: (request: Request) => Promise<Response>;
}

/** What the forgot/reset/check-email pages show after a post (their `error` parameter). */
export const ACCOUNT_FORM_ERRORS = {
  invalid_email: "invalid_email",
  invalid_token: "invalid_token",
  weak_password: "weak_password",
  too_many_attempts: "too_many_attempts",
  failed: "failed",
} as const;

type AccountFormError = keyof typeof ACCOUNT_FORM_ERRORS;

const bounded = (max: number) => z.string().max(max).optional();
const accountForm = z.object({
  email: bounded(320),
  oauth_query: bounded(8_000),
  resume: bounded(8_000),
  token: bounded(512),
  newPassword: bounded(1_024),
});

export async function readAccountForm(request: Request) {
  const parsed = accountForm.safeParse(Object.fromEntries((await request.clone().formData()).entries()));
  return parsed.success ? parsed.data : {};
}

/** A JSON call to a Better Auth endpoint on behalf of the browser's form post (same origin, address and agent). */
export function jsonCall(from: Request, path: string, body: unknown, cookie?: string): Request {
  const headers = new Headers({ "content-type": "application/json", accept: "application/json" });
  for (const name of ["origin", "user-agent", CLIENT_IP_HEADER]) {
    const value = from.headers.get(name);
    if (value) headers.set(name, value);
  }
  if (cookie) headers.set("cookie", cookie);
  return new Request(new URL(path, from.url), { method: "POST", headers, body: JSON.stringify(body) });
}

/** `name=value` pairs of a response's Set-Cookie headers, as a Cookie header for the next call. */
export function cookiesFrom(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0] ?? "")
    .filter((pair) => pair.includes("=") && !pair.endsWith("="))
    .join("; ");
}

function withParams(base: string, params: Record<string, string | undefined>, signedQuery?: string): string {
  const url = new URL(base);
  for (const [key, value] of Object.entries(params)) if (value) url.searchParams.set(key, value);
  // The signed query is appended as it came: re-encoding could change what its signature covers.
  return signedQuery ? `${url.toString()}${url.search ? "&" : "?"}${signedQuery}` : url.toString();
}

function errorFor(status: number, code: string | undefined): AccountFormError {
  if (status === 429) return "too_many_attempts";
  if (code === "invalid_token" || code === "token_expired") return "invalid_token";
  if (code === "password_too_short" || code === "password_too_long") return "weak_password";
  if (code === "invalid_email" || code === "validation_error") return "invalid_email";
  return "failed";
}

/**
 * "Forgot password?" form → request-password-reset. The answer is the same whether or not the
 * address has an account (Better Auth's, and this page's): "if an account exists, a link is on
 * its way". The link returns to the reset page carrying the interrupted authorization.
 */
export async function handleForgotPassword(request: Request, context: AccountFormContext): Promise<Response> {
  const form = await readAccountForm(request);
  const resume = resumeAuthorizationUrl(context.baseUrl, form.oauth_query);
  const redirectTo = withParams(`${context.webUrl}/reset-password`, { resume: resume ? new URL(resume).search.slice(1) : undefined });
  const response = await context.handle(
    jsonCall(request, fullAuthPath(AUTH_PATHS.requestPasswordReset), { email: form.email ?? "", redirectTo, oauth_query: form.oauth_query }),
  );
  const code = response.ok ? undefined : await readErrorCode(response);
  if (code === "invalid_signature") return seeOther(errorPageUrl(context.webUrl, "invalid_signature"));
  const outcome = response.ok ? { sent: "1" } : { error: errorFor(response.status, code) };
  return seeOther(withParams(`${context.webUrl}/forgot-password`, outcome, form.oauth_query));
}

/** The account a reset token belongs to, read before the reset consumes it. */
async function userForResetToken(auth: Auth, token: string) {
  const context = await auth.$context;
  const verification = await context.internalAdapter.findVerificationValue(`reset-password:${token}`);
  if (!verification || verification.expiresAt < new Date()) return undefined;
  return (await context.internalAdapter.findUserById(verification.value)) ?? undefined;
}

/**
 * The reset page's form → reset-password (every session of the account ends), then a sign-in
 * with the new password so the person lands signed in: back in the authorization they started
 * (`resume`), or on their account page. Following the link proved the address, so it counts as
 * verified.
 */
export async function handleResetPassword(request: Request, context: AccountFormContext): Promise<Response> {
  const form = await readAccountForm(request);
  const token = form.token ?? "";
  const back = (error: AccountFormError) => seeOther(withParams(`${context.webUrl}/reset-password`, { token, resume: form.resume, error }));
  const user = token ? await userForResetToken(context.auth, token) : undefined;
  if (!user) return back("invalid_token");
  const reset = await context.handle(jsonCall(request, fullAuthPath(AUTH_PATHS.resetPassword), { token, newPassword: form.newPassword ?? "" }));
  if (!reset.ok) return back(errorFor(reset.status, await readErrorCode(reset)));
  if (!user.emailVerified) await (await context.auth.$context).internalAdapter.updateUser(user.id, { emailVerified: true });
  const signIn = await context.handle(jsonCall(request, fullAuthPath(AUTH_PATHS.signInEmail), { email: user.email, password: form.newPassword ?? "" }));
  const next = resumeAuthorizationUrl(context.baseUrl, form.resume) ?? `${context.webUrl}/account`;
  // Should the sign-in itself be refused (a rate limit), the password is changed all the same: sign in by hand.
  if (!signIn.ok) return seeOther(withParams(`${context.webUrl}/sign-in`, { reset: "1" }));
  return seeOther(next, signIn);
}

/** Where a verification link leads: the interrupted authorization, or the account page. */
export function verificationCallback(context: Pick<AccountFormContext, "baseUrl" | "webUrl">, oauthQuery: string | undefined): string {
  return resumeAuthorizationUrl(context.baseUrl, oauthQuery) ?? `${context.webUrl}/account`;
}

/** The "check your mail" page, keeping the interrupted authorization for a resend. */
export function checkEmailPage(webUrl: string, oauthQuery: string | undefined, params: Record<string, string | undefined> = {}): string {
  return withParams(`${webUrl}/check-email`, params, oauthQuery);
}

/** Sends (again) a verification link whose callback resumes the authorization. */
export async function sendVerification(request: Request, context: AccountFormContext, email: string, oauthQuery: string | undefined): Promise<Response> {
  return context.handle(jsonCall(request, fullAuthPath(AUTH_PATHS.sendVerificationEmail), { email, callbackURL: verificationCallback(context, oauthQuery) }));
}

/** The check-email page's "send it again" form. Same answer whether or not the address has an account. */
export async function handleResendVerification(request: Request, context: AccountFormContext): Promise<Response> {
  const form = await readAccountForm(request);
  const response = await sendVerification(request, context, form.email ?? "", form.oauth_query);
  const outcome = response.ok ? { sent: "1" } : { error: errorFor(response.status, await readErrorCode(response)) };
  return seeOther(checkEmailPage(context.webUrl, form.oauth_query, outcome));
}
