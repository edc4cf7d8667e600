/** Where Better Auth is mounted; the issuer is `${BETTER_AUTH_URL}${AUTH_BASE_PATH}`. */
export const AUTH_BASE_PATH = "/api/auth";

/**
 * Every Better Auth endpoint the project refers to by path (hooks, rate limits, audit, metrics,
 * the server's middleware), relative to the base path as Better Auth's `ctx.path` sees them.
 * Adding an endpoint to a table elsewhere starts here.
 */
export const AUTH_PATHS = {
  signInEmail: "/sign-in/email",
  signUpEmail: "/sign-up/email",
  deleteUser: "/delete-user",
  requestPasswordReset: "/request-password-reset",
  resetPassword: "/reset-password",
  sendVerificationEmail: "/send-verification-email",
  verifyEmail: "/verify-email",
  changeEmail: "/change-email",
  getSession: "/get-session",
  signOut: "/sign-out",
  updateUser: "/update-user",
  changePassword: "/change-password",
  listSessions: "/list-sessions",
  revokeSession: "/revoke-session",
  revokeSessions: "/revoke-sessions",
  revokeOtherSessions: "/revoke-other-sessions",
  jwks: "/jwks",
  authorize: "/oauth2/authorize",
  consent: "/oauth2/consent",
  continue: "/oauth2/continue",
  token: "/oauth2/token",
  introspect: "/oauth2/introspect",
  revoke: "/oauth2/revoke",
  userinfo: "/oauth2/userinfo",
  endSession: "/oauth2/end-session",
  endSessionConfirm: "/oauth2/end-session/confirm",
  updateConsent: "/oauth2/update-consent",
  deleteConsent: "/oauth2/delete-consent",
  deviceCode: "/device/code",
  deviceVerify: "/device",
  deviceApprove: "/device/approve",
  deviceDeny: "/device/deny",
  createClient: "/oauth2/create-client",
  register: "/oauth2/register",
  updateClient: "/oauth2/update-client",
  rotateClientSecret: "/oauth2/client/rotate-secret",
  deleteClient: "/oauth2/delete-client",
  adminCreateUser: "/admin/create-user",
  adminRemoveUser: "/admin/remove-user",
  adminRevokeUserSessions: "/admin/revoke-user-sessions",
  adminImpersonateUser: "/admin/impersonate-user",
  adminStopImpersonating: "/admin/stop-impersonating",
  twoFactorEnable: "/two-factor/enable",
  twoFactorDisable: "/two-factor/disable",
  twoFactorVerifyTotp: "/two-factor/verify-totp",
  twoFactorVerifyBackupCode: "/two-factor/verify-backup-code",
  twoFactorGenerateBackupCodes: "/two-factor/generate-backup-codes",
  passkeyRegisterOptions: "/passkey/generate-register-options",
  passkeyVerifyRegistration: "/passkey/verify-registration",
  passkeyAuthenticateOptions: "/passkey/generate-authenticate-options",
  passkeyVerifyAuthentication: "/passkey/verify-authentication",
  passkeyList: "/passkey/list-user-passkeys",
  passkeyUpdate: "/passkey/update-passkey",
  passkeyDelete: "/passkey/delete-passkey",
} as const;

export type AuthPath = (typeof AUTH_PATHS)[keyof typeof AUTH_PATHS];

/** The path a request to `endpoint` has on the server (`/api/auth/oauth2/token`). */
export function fullAuthPath<P extends AuthPath>(endpoint: P): `${typeof AUTH_BASE_PATH}${P}` {
  return `${AUTH_BASE_PATH}${endpoint}`;
}
