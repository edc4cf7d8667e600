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

const WEEK = 7 * 24 * 60 * 60;

function options(secure: boolean, path: string): CookieOptions {
  // HttpOnly: page scripts (and XSS) never see a token. Lax: sent on top-level navigations back
  // from the provider, not on cross-site subrequests.
  return { httpOnly: true, secure, sameSite: "Lax", path, maxAge: WEEK };
}

export interface TokenSet {
  idToken: string;
  accessToken: string;
  refreshToken: string | undefined;
}

export function setTokenCookies(c: Context, tokens: TokenSet, secure: boolean): void {
  setCookie(c, SESSION_COOKIE, tokens.idToken, options(secure, "/"));
  setCookie(c, ACCESS_COOKIE, tokens.accessToken, options(secure, "/"));
  if (tokens.refreshToken) setCookie(c, REFRESH_COOKIE, tokens.refreshToken, options(secure, REFRESH_PATH));
}

/** Cleared with the same path and flags they were set with, or browsers keep them. */
export function clearTokenCookies(c: Context, secure: boolean): void {
  deleteCookie(c, SESSION_COOKIE, options(secure, "/"));
  deleteCookie(c, ACCESS_COOKIE, options(secure, "/"));
  deleteCookie(c, REFRESH_COOKIE, options(secure, REFRESH_PATH));
}

export function readCookie(c: Context, name: string): string | undefined {
  return getCookie(c, name) || undefined;
}
