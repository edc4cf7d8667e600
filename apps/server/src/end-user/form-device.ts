import { z } from "zod";
import { AUTH_PATHS, fullAuthPath } from "@iam/auth";
import { readErrorCode } from "./browser-errors.ts";
import { seeOther } from "./navigation.ts";

/** What the console's /device page says after a decision or a refusal (`?done=` / `?error=`). */
export const DEVICE_OUTCOMES = { approved: "approved", denied: "denied" } as const;
export const DEVICE_ERRORS = {
  invalid_code: "invalid_code",
  expired_code: "expired_code",
  already_handled: "already_handled",
  not_yours: "not_yours",
  email_not_verified: "email_not_verified",
  unavailable: "unavailable",
} as const;
export type DeviceError = keyof typeof DEVICE_ERRORS;

const deviceForm = z.object({
  user_code: z.string().trim().min(1).max(64),
  decision: z.enum(["approve", "deny"]),
});

function deviceErrorFor(status: number, code: string | undefined): DeviceError {
  if (code === "expired_token") return "expired_code";
  if (code === "email_not_verified") return "email_not_verified";
  if (status === 403 || code === "access_denied") return "not_yours";
  // The plugin answers an unknown code and one already answered alike (invalid_request).
  if (status === 400) return "invalid_code";
  return "unavailable";
}

/**
 * The /device page's Allow and Deny buttons post one plain form here (no JavaScript needed). It
 * becomes the device-authorization plugin's JSON call (`/device/approve` or `/device/deny`) with
 * the person's cookie, and the answer becomes a 303 back to the page: `done=approved|denied`, or
 * an `error` the page explains. Signed out (the session ended meanwhile): to the sign-in page,
 * which comes back to /device with the code kept.
 */
export async function handleFormDevice(request: Request, webUrl: string, handle: (request: Request) => Promise<Response>): Promise<Response> {
  const parsed = deviceForm.safeParse(Object.fromEntries((await request.formData()).entries()));
  if (!parsed.success) return seeOther(`${webUrl}/device?error=${DEVICE_ERRORS.invalid_code}`);
  const { user_code: userCode, decision } = parsed.data;
  const back = (query: Record<string, string>) => `${webUrl}/device?${new URLSearchParams(query).toString()}`;
  const headers = new Headers(request.headers);
  headers.set("content-type", "application/json");
  headers.set("accept", "application/json");
  headers.delete("content-length");
  // Not a navigation any more: the plugin's JSON answer comes back to this function untouched.
  headers.delete("sec-fetch-mode");
  const endpoint = fullAuthPath(decision === "approve" ? AUTH_PATHS.deviceApprove : AUTH_PATHS.deviceDeny);
  const response = await handle(new Request(new URL(endpoint, request.url), { method: "POST", headers, body: JSON.stringify({ userCode }) }));
  if (response.ok) return seeOther(back({ done: decision === "approve" ? DEVICE_OUTCOMES.approved : DEVICE_OUTCOMES.denied }), response);
  if (response.status === 401) return seeOther(`${webUrl}/sign-in?callbackURL=${encodeURIComponent(`/device?user_code=${userCode}`)}`, response);
  return seeOther(back({ error: deviceErrorFor(response.status, await readErrorCode(response)), user_code: userCode }), response);
}
