import { z } from "zod";
import { errorPageUrl, readErrorCode } from "./browser-errors.ts";
import { seeOther } from "./navigation.ts";

/** What the login page shows after a failed attempt (the `error` parameter it reads). */
export const SIGN_IN_ERRORS = {
  invalid_credentials: "invalid_credentials",
  too_many_attempts: "too_many_attempts",
  sign_in_failed: "sign_in_failed",
} as const;

const signInForm = z.object({
  oauth_query: z.string().max(8_000).optional(),
  callbackURL: z.string().max(2_000).optional(),
});

/**
 * A native form post to /sign-in/email from the login page (JavaScript off or on). Better Auth
 * answers failures with JSON a browser would display as is; the person goes back to the page
 * they came from with a message instead, keeping the signed query so the flow survives.
 * Successes that carry a `callbackURL` answer 200 with a Location header; a browser needs a 303.
 */
export async function handleFormSignIn(request: Request, webUrl: string, handle: (request: Request) => Promise<Response>): Promise<Response> {
  const form = signInForm.safeParse(Object.fromEntries((await request.clone().formData()).entries()));
  const fields = form.success ? form.data : {};
  const response = await handle(request);
  if (response.status >= 300 && response.status < 400) return response;
  if (response.ok) {
    const location = response.headers.get("location");
    return location ? seeOther(location, response) : response;
  }
  const code = await readErrorCode(response);
  if (code === "invalid_signature") return seeOther(errorPageUrl(webUrl, "invalid_signature"));
  const reason =
    response.status === 429
      ? SIGN_IN_ERRORS.too_many_attempts
      : response.status === 401 || code === "invalid_email"
        ? SIGN_IN_ERRORS.invalid_credentials
        : SIGN_IN_ERRORS.sign_in_failed;
  // The signed query is already URL-encoded text; extra parameters outside its signature are ignored by Better Auth.
  if (fields.oauth_query) return seeOther(`${webUrl}/oauth-login?${fields.oauth_query}&error=${reason}`);
  const back = new URL(`${webUrl}/sign-in`);
  back.searchParams.set("error", reason);
  if (fields.callbackURL?.startsWith(webUrl)) back.searchParams.set("callbackURL", fields.callbackURL);
  return seeOther(back.toString());
}
