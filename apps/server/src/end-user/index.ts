export { BROWSER_ERROR_CODES } from "./browser-errors.ts";
export type { BrowserErrorCode } from "./browser-errors.ts";
export { endUserBrowserLayer } from "./browser-layer.ts";
export { SIGN_IN_ERRORS } from "./form-sign-in.ts";
export { ACCOUNT_ERRORS, ACCOUNT_NOTICES } from "./account-page-forms.ts";
