export { AUTH_BASE_PATH, AUTH_PATHS, fullAuthPath } from "./auth-paths.ts";
export type { AuthPath } from "./auth-paths.ts";
export { CLIENT_IP_HEADER, createAuth } from "./create-auth.ts";
export type { Auth, AuthDeps } from "./create-auth.ts";
export { ADMIN_ROLE, hasAdminRole, USER_ROLE } from "./roles.ts";
export { SUPPORTED_SCOPES, standardClaimsFor } from "./scopes.ts";
export type { SupportedScope } from "./scopes.ts";
export { ADMIN_CLIENT_REFERENCE, ROLE_NAMES, ROLES } from "./access-control.ts";
export { JWKS_GRACE_PERIOD_SECONDS, jwtOptions } from "./signing-keys.ts";
export { deleteOAuthTokens, revokeOAuthTokens, revokeTokensBeyondScopes } from "./token-revocation.ts";
export type { TokenOwner } from "./token-revocation.ts";
export { AUDIT_ACTIONS, createAuditWriter } from "./audit/index.ts";
export type { AuditAction, AuditEntry, AuditWriter } from "./audit/index.ts";
export { ACCOUNT_LINK_SECONDS } from "./account-mail.ts";
export type { AccountMail } from "./account-mail.ts";
export * from "./access-tokens/index.ts";
export { suspendedMessage } from "./create-auth.ts";
export * from "./backchannel-logout/index.ts";
export { isEndpointEnabled } from "./enabled-endpoints.ts";
export { refuseSignUp, SIGN_UP_REFUSALS, signUpPolicy } from "./sign-up-policy.ts";
export type { SignUpMode, SignUpPolicyDeps, SignUpRules } from "./sign-up-policy.ts";
export {
  endSecretOverlap,
  MAX_SECRET_OVERLAP_SECONDS,
  previousSecretState,
  rotateClientSecret,
  SECRET_OVERLAP_CHOICES,
  SECRET_ROTATION_ERRORS,
} from "./client-secrets/index.ts";
export type { PreviousSecretState, RotationResult } from "./client-secrets/index.ts";
export {
  INITIAL_ACCESS_TOKEN_PREFIX,
  issueInitialAccessToken,
  listInitialAccessTokens,
  revokeInitialAccessToken,
} from "./client-registration/index.ts";
export type { InitialAccessTokenRow, IssuedInitialAccessToken } from "./client-registration/index.ts";
export {
  ACR_VALUES,
  AMR,
  ENROLL_PAGE,
  ENROLLMENT_FLAG,
  hasSecondFactor,
  NO_SECOND_FACTOR_REQUIRED,
  requiredBySettings,
  meetsAdminFactorRule,
  sessionHasSecondFactor,
} from "./second-factor/index.ts";
export type { SecondFactorSettings } from "./second-factor/index.ts";
export * from "./resource-reads/index.ts";
