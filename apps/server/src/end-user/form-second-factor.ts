import { ENROLL_PAGE, ENROLLMENT_FLAG } from "@iam/auth";
import { z } from "zod";
import { errorPageUrl, readErrorCode } from "./browser-errors.ts";
import { seeOther } from "./navigation.ts";

/** Where the second-factor step lives on the console; the login page sends people there. */
export const SECOND_FACTOR_PAGE = "/two-factor";

/** What the second-factor page shows after a failed attempt (its `error` parameter). */
export const SECOND_FACTOR_ERRORS = {
  invalid_code: "invalid_code",
  locked: "locked",
  failed: "failed",
} as const;

/** What the login page shows when the challenge itself is gone (expired, or spent by wrong codes). */
export const CHALLENGE_EXPIRED = "second_factor_expired";

export type SecondFactorMethod = "totp" | "backup_code";

const secondFactorForm = z.object({
  code: z.string().max(64).optional(),
  oauth_query: z.string().max(8_000).optional(),
  callbackURL: z.string().max(2_000).optional(),
});

/** What the OAuth plugin answers a resumed authorization with when it does not redirect itself. */
const resumed = z.object({ url: z.string() });

/** Only console pages: `callbackURL` must not become an open redirect. */
function consolePage(webUrl: string, value: string | undefined): string | undefined {
  return value?.startsWith(`${webUrl}/`) ? value : undefined;
}

/**
 * The second-factor page's URL for a sign-in in progress: the signed query (already URL-encoded,
 * as the login page got it) or the console page to continue to.
 */
export function secondFactorPageUrl(webUrl: string, fields: { oauth_query?: string; callbackURL?: string }, extra: Record<string, string> = {}): string {
  const tail = new URLSearchParams(extra).toString();
  if (fields.oauth_query) return `${webUrl}${SECOND_FACTOR_PAGE}?${fields.oauth_query}${tail ? `&${tail}` : ""}`;
  const url = new URL(`${webUrl}${SECOND_FACTOR_PAGE}`);
  const callback = consolePage(webUrl, fields.callbackURL);
  if (callback) url.searchParams.set("callbackURL", callback);
  for (const [key, value] of Object.entries(extra)) url.searchParams.set(key, value);
  return url.toString();
}

/** A password sign-in whose person must set up a second factor first (the console's settings). */
export async function asksForEnrollment(response: Response): Promise<boolean> {
  if (!response.ok || !(response.headers.get("content-type") ?? "").includes("application/json")) return false;
  try {
    const body = (await response.clone().json()) as Record<string, unknown>;
    return body?.[ENROLLMENT_FLAG] === true;
  } catch {
    return false;
  }
}

/** The enrollment page for a console sign-in, continuing to the console page it started from. */
export function enrollmentPageUrl(webUrl: string, callbackURL: string | undefined): string {
  const url = new URL(`${webUrl}${ENROLL_PAGE}`);
  const callback = consolePage(webUrl, callbackURL);
  if (callback) url.searchParams.set("callbackURL", callback);
  return url.toString();
}

/** Better Auth's answer to a password sign-in when a second factor is still due. */
export async function asksForSecondFactor(response: Response): Promise<boolean> {
  if (!response.ok || !(response.headers.get("content-type") ?? "").includes("application/json")) return false;
  try {
    const body = (await response.clone().json()) as { twoFactorRedirect?: unknown };
    return body?.twoFactorRedirect === true;
  } catch {
    return false;
  }
}

/**
 * A native form post of a code to /two-factor/verify-totp or /verify-backup-code from the
 * second-factor page (JavaScript off or on), made into the JSON call those endpoints take. Success resumes the authorization (Better Auth's
 * OAuth plugin answers with its redirect, the signed query having travelled in the form) or goes
 * to the console page the sign-in started from. A wrong code goes back to the page with the same
 * query, so the flow survives; a challenge that is gone goes back to the login page.
 */
export async function handleFormSecondFactor(
  method: SecondFactorMethod,
  request: Request,
  webUrl: string,
  handle: (request: Request) => Promise<Response>,
): Promise<Response> {
  const form = secondFactorForm.safeParse(Object.fromEntries((await request.formData()).entries()));
  const fields = form.success ? form.data : {};
  // The verify endpoints take JSON only: the form becomes the JSON call (codes are typed with spaces at times).
  const headers = new Headers(request.headers);
  headers.set("content-type", "application/json");
  headers.delete("content-length");
  const body = { code: (fields.code ?? "").replace(/\s+/g, ""), ...(fields.oauth_query ? { oauth_query: fields.oauth_query } : {}) };
  const response = await handle(new Request(request.url, { method: "POST", headers, body: JSON.stringify(body) }));
  if (response.status >= 300 && response.status < 400) return response;
  if (response.ok) {
    const answer = resumed.safeParse(
      await response
        .clone()
        .json()
        .catch(() => null),
    );
    const location =
      response.headers.get("location") ?? (answer.success ? answer.data.url : undefined) ?? consolePage(webUrl, fields.callbackURL) ?? `${webUrl}/`;
    return seeOther(location, response);
  }
  const code = await readErrorCode(response);
  if (code === "invalid_signature") return seeOther(errorPageUrl(webUrl, "invalid_signature"));
  const methodParam: Record<string, string> = method === "backup_code" ? { method: "backup_code" } : {};
  if (code === "invalid_code" || code === "invalid_backup_code") {
    return seeOther(secondFactorPageUrl(webUrl, fields, { ...methodParam, error: SECOND_FACTOR_ERRORS.invalid_code }), response);
  }
  if (code === "account_temporarily_locked" || response.status === 429) {
    return seeOther(secondFactorPageUrl(webUrl, fields, { ...methodParam, error: SECOND_FACTOR_ERRORS.locked }), response);
  }
  if (code === "too_many_attempts_request_new_code" || code === "invalid_two_factor_cookie") {
    // The challenge is spent: sign in again (the password step), the authorization still waiting.
    if (fields.oauth_query) return seeOther(`${webUrl}/oauth-login?${fields.oauth_query}&mode=sign-in&error=${CHALLENGE_EXPIRED}`, response);
    const back = new URL(`${webUrl}/sign-in`);
    back.searchParams.set("error", CHALLENGE_EXPIRED);
    const callback = consolePage(webUrl, fields.callbackURL);
    if (callback) back.searchParams.set("callbackURL", callback);
    return seeOther(back.toString(), response);
  }
  return seeOther(secondFactorPageUrl(webUrl, fields, { ...methodParam, error: SECOND_FACTOR_ERRORS.failed }), response);
}
