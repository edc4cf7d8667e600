/**
 * Schemas of the project's own API, shared by the server (validation, OpenAPI) and the console
 * (form rules, response types): one declaration per shape.
 */
export { apiErrorBody } from "./api-error.ts";
export type { ApiErrorBody } from "./api-error.ts";
export { AUDIT_ACTION_LABELS, auditActionLabel, auditEntry, auditLogPage, auditLogQuery, auditParty } from "./audit-log.ts";
export type { AuditEntry, AuditLogPage, AuditParty } from "./audit-log.ts";
export { clientSecretState, MAX_OVERLAP_SECONDS, OVERLAP_CHOICES, rotateSecretBody } from "./client-secret.ts";
export type { ClientSecretState, RotateSecretBody } from "./client-secret.ts";
export {
  createInitialAccessTokenBody,
  initialAccessTokenIdParam,
  initialAccessTokenList,
  initialAccessTokenView,
  issuedInitialAccessToken,
} from "./initial-access-token.ts";
export type {
  CreateInitialAccessTokenBody,
  InitialAccessTokenList,
  InitialAccessTokenView,
  IssuedInitialAccessTokenView,
} from "./initial-access-token.ts";
export { consent, consentIdParam, consentListQuery, consentPage, revokedConsent, updateConsentBody, updatedConsent } from "./consent.ts";
export type { Consent, ConsentPage, UpdateConsentBody } from "./consent.ts";
export { dashboard } from "./dashboard.ts";
export type { Dashboard } from "./dashboard.ts";
export {
  checkClientRules,
  clientFields,
  clientIdParam,
  clientRuleViolations,
  createdOAuthClient,
  createOAuthClientBody,
  DEVICE_CODE_GRANT,
  oauthClient,
  oauthClientListQuery,
  oauthClientPage,
  rotatedOAuthClient,
  updateOAuthClientBody,
} from "./oauth-client.ts";
export type {
  ClientRule,
  ClientRuleViolation,
  CreatedOAuthClient,
  CreateOAuthClientBody,
  CreateOAuthClientInput,
  OAuthClient,
  OAuthClientPage,
  RotatedOAuthClient,
  TokenEndpointAuthMethod,
  UpdateOAuthClientBody,
} from "./oauth-client.ts";
export { pageFields, pageQuery } from "./pagination.ts";
export type { Page, PageQuery } from "./pagination.ts";
export { signingKey, signingKeys } from "./signing-keys.ts";
export type { SigningKey, SigningKeys } from "./signing-keys.ts";
export {
  createInvitationBody,
  INVITATION_STATUSES,
  invitationIdParam,
  invitationListQuery,
  invitationPage,
  invitationView,
  MAIL_MESSAGE_STATUSES,
  mailIdParam,
  mailListQuery,
  mailMessageView,
  mailPage,
  mailQueued,
  mailStatus,
} from "./mail.ts";
export type { CreateInvitationBody, InvitationPage, InvitationView, MailMessageView, MailPage, MailStatus } from "./mail.ts";
export { accountOverview, accountSession, connectedApplication } from "./account.ts";
export type { AccountOverview, AccountSession, ConnectedApplication } from "./account.ts";
export { userSignIns, userSignInsQuery } from "./user-sign-ins.ts";
export type { UserSignIns } from "./user-sign-ins.ts";
export { apiResource, apiResourceIdParam, apiResourceList, apiResourceListQuery, createApiResourceBody, updateApiResourceBody } from "./api-resource.ts";
export type { ApiResource, ApiResourceList, ApiResourceListQuery, CreateApiResourceBody, UpdateApiResourceBody } from "./api-resource.ts";
export { JWT_LIFETIME_BOUNDS, TOKEN_POLICY_KEYS, tokenPolicyFields, tokenPolicyInput, tokenPolicyView } from "./token-policy.ts";
export type { TokenPolicyInput, TokenPolicyView } from "./token-policy.ts";
export { backchannelLogoutUri } from "./oauth-client.ts";
export { backchannelLogoutRetry, backchannelLogoutStatus, logoutReach } from "./backchannel-logout.ts";
export type { BackchannelLogoutRetry, BackchannelLogoutStatus, LogoutReach } from "./backchannel-logout.ts";
export { formatAddress } from "./ip-address.ts";
export { adminUser, adminUserPage, updateUserOrganizationBody, userIdParam, userListQuery } from "./admin-user.ts";
export type { AdminUser, AdminUserPage } from "./admin-user.ts";
export { branding, instanceSettingsBody, instanceSettingsFields, instanceSettingsView, LIFETIME_BOUNDS, SIGN_UP_POLICIES } from "./settings.ts";
export type { Branding, InstanceSettings, InstanceSettingsInput, InstanceSettingsView, SignUpPolicy } from "./settings.ts";
export { personSecondFactors, secondFactorList, secondFactorListQuery, secondFactorReset, secondFactorUserParam } from "./second-factors.ts";
export type { PersonSecondFactors, SecondFactorList } from "./second-factors.ts";
