import { z } from "zod";

/**
 * Codes the console's /error page explains. Anything else is shown as `server_error`-like
 * "something went wrong", so an arbitrary string from a response never becomes page text.
 */
export const BROWSER_ERROR_CODES = [
  "invalid_signature",
  "invalid_client",
  "invalid_redirect",
  "client_disabled",
  "unauthorized_client",
  "unsupported_response_type",
  "invalid_request",
  "invalid_scope",
  // Only sent for an impersonation session at authorize or consent (packages/auth).
  "access_denied",
  "logout_failed",
  "too_many_requests",
  "temporarily_unavailable",
  "server_error",
] as const;

export type BrowserErrorCode = (typeof BROWSER_ERROR_CODES)[number];

const errorBody = z.object({ error: z.string().optional(), code: z.string().optional() }).loose();

/** Reads Better Auth's JSON error (`{error}` from the OAuth plugin, `{code,message}` from the core). */
export async function readErrorCode(response: Response): Promise<string | undefined> {
  if (!(response.headers.get("content-type") ?? "").includes("application/json")) return undefined;
  try {
    const parsed = errorBody.safeParse(await response.clone().json());
    if (!parsed.success) return undefined;
    return parsed.data.error ?? parsed.data.code?.toLowerCase();
  } catch {
    return undefined;
  }
}

export function toBrowserErrorCode(code: string | undefined, status: number): BrowserErrorCode {
  if (status === 429) return "too_many_requests";
  const known = BROWSER_ERROR_CODES.find((candidate) => candidate === code);
  if (known) return known;
  return status >= 500 ? "server_error" : "invalid_request";
}

export function errorPageUrl(webUrl: string, code: BrowserErrorCode): string {
  return `${webUrl}/error?error=${code}`;
}
