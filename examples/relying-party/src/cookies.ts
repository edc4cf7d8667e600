import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { CookieOptions } from "hono/utils/cookie";

/** The ID token: this app's session (verified on every API call). */
export const SESSION_COOKIE = "rp_session";
/** The access token, for calls to the provider (userinfo) or your own APIs. */
export const ACCESS_COOKIE = "rp_access";
/** The refresh token: sent by the browser to the refresh endpoint only. */
export const REFRESH_COOKIE = "rp_refresh";
export const REFRESH_PATH = "/auth/refresh";
/** The provider's session id (`sid`) of this sign-in, for the refresh endpoint to check. */
export const SID_COOKIE = "rp_sid";

const WEEK = 7 * 24 * 60 * 60;

function options(secure: boolean, path: string, maxAge = WEEK): CookieOptions {
  // HttpOnly: page scripts (and XSS) never see a token. Lax: sent on top-level navigations back
  // from the provider, not on cross-site subrequests.
  return { httpOnly: true, secure, sameSite: "Lax", path, maxAge };
}

export interface TokenSet {
  idToken: string;
  accessToken: string;
  refreshToken: string | undefined;
  /** The access token's lifetime (seconds): the session lasts no longer without a refresh. */
  expiresIn?: number;
  /** The provider's session id from the ID token, when it sends one. */
  sid?: string;
}

/** Without `expires_in`, an hour: the provider's access-token lifetime. */
const DEFAULT_SESSION_SECONDS = 3600;

export function setTokenCookies(c: Context, tokens: TokenSet, secure: boolean): void {
  // The session (ID token) and access token cookies last as long as the access token: past it the
  // page gets 401, refreshes, and the provider decides whether the person is still signed in.
  const sessionSeconds = tokens.expiresIn ?? DEFAULT_SESSION_SECONDS;
  setCookie(c, SESSION_COOKIE, tokens.idToken, options(secure, "/", sessionSeconds));
  setCookie(c, ACCESS_COOKIE, tokens.accessToken, options(secure, "/", sessionSeconds));
  if (tokens.refreshToken) setCookie(c, REFRESH_COOKIE, tokens.refreshToken, options(secure, REFRESH_PATH));
  if (tokens.sid) setCookie(c, SID_COOKIE, tokens.sid, options(secure, REFRESH_PATH));
}

/** Cleared with the same path and flags they were set with, or browsers keep them. */
export function clearTokenCookies(c: Context, secure: boolean): void {
  deleteCookie(c, SESSION_COOKIE, options(secure, "/"));
  deleteCookie(c, ACCESS_COOKIE, options(secure, "/"));
  deleteCookie(c, REFRESH_COOKIE, options(secure, REFRESH_PATH));
  deleteCookie(c, SID_COOKIE, options(secure, REFRESH_PATH));
}

export function readCookie(c: Context, name: string): string | undefined {
  return getCookie(c, name) || undefined;
}
