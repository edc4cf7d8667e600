import type { MiddlewareHandler } from "hono";
import { errorPageUrl, readErrorCode, toBrowserErrorCode } from "./browser-errors.ts";
import { handleAccountForm, isAccountFormPath } from "./account-page-forms.ts";
import { handleFormConsent } from "./form-consent.ts";
import { handleFormSecondFactor } from "./form-second-factor.ts";
import { handleFormDevice } from "./form-device.ts";
import { handleFormSignIn } from "./form-sign-in.ts";
import { toConsoleLogoutPage } from "./logout-pages.ts";
import { isBrowserNavigation, isFormPost, seeOther } from "./navigation.ts";
import { AUTH_PATHS, fullAuthPath } from "@iam/auth";
import type { Auth } from "@iam/auth";
import { handleForgotPassword, handleResendVerification, handleResetPassword } from "./account-forms.ts";
import type { AccountFormContext } from "./account-forms.ts";

const END_SESSION_PATHS = new Set<string>([fullAuthPath(AUTH_PATHS.endSession), fullAuthPath(AUTH_PATHS.endSessionConfirm)]);

/**
 * What a person's browser gets from /api/auth/*: pages and redirects, never raw JSON. Relying
 * parties and the console's fetch() calls are not navigations and pass through untouched.
 */
export function endUserBrowserLayer(
  webUrl: string,
  handle: (request: Request) => Promise<Response>,
  accounts?: { auth: Auth; baseUrl: string },
): MiddlewareHandler {
  const account: AccountFormContext | undefined = accounts ? { ...accounts, webUrl, handle } : undefined;
  return async (c, next) => {
    const request = c.req.raw;
    if (!isBrowserNavigation(request.headers)) return next();
    const path = c.req.path;
    if (isFormPost(request) && path === fullAuthPath(AUTH_PATHS.signInEmail)) return handleFormSignIn("sign-in", request, webUrl, handle, account);
    if (isFormPost(request) && path === fullAuthPath(AUTH_PATHS.signUpEmail)) return handleFormSignIn("sign-up", request, webUrl, handle, account);
    // The account pages' forms (forgot password, reset, resend verification) work without JavaScript.
    if (account && isFormPost(request) && path === fullAuthPath(AUTH_PATHS.requestPasswordReset)) return handleForgotPassword(request, account);
    if (account && isFormPost(request) && path === fullAuthPath(AUTH_PATHS.resetPassword)) return handleResetPassword(request, account);
    if (account && isFormPost(request) && path === fullAuthPath(AUTH_PATHS.sendVerificationEmail)) return handleResendVerification(request, account);
    if (isFormPost(request) && path === fullAuthPath(AUTH_PATHS.consent)) return handleFormConsent(request, webUrl, handle);
    if (isFormPost(request) && path === fullAuthPath(AUTH_PATHS.deviceApprove)) return handleFormDevice(request, webUrl, handle);
    if (isFormPost(request) && isAccountFormPath(path)) return handleAccountForm(path, request, webUrl, handle);
    if (isFormPost(request) && path === fullAuthPath(AUTH_PATHS.twoFactorVerifyTotp)) return handleFormSecondFactor("totp", request, webUrl, handle);
    if (isFormPost(request) && path === fullAuthPath(AUTH_PATHS.twoFactorVerifyBackupCode))
      return handleFormSecondFactor("backup_code", request, webUrl, handle);
    await next();
    if (END_SESSION_PATHS.has(path)) {
      c.res = await toConsoleLogoutPage(c.res, webUrl);
      return;
    }
    if (c.res.status >= 400) {
      const code = await readErrorCode(c.res);
      if (code !== undefined || c.res.status === 429) c.res = seeOther(errorPageUrl(webUrl, toBrowserErrorCode(code, c.res.status)));
    }
  };
}
