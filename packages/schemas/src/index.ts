/**
 * Schemas of the project's own API, shared by the server (validation, OpenAPI) and the console
 * (form rules, response types): one declaration per shape.
 */
export { apiErrorBody } from "./api-error.ts";
export type { ApiErrorBody } from "./api-error.ts";
export { auditEntry, auditLogPage, auditLogQuery } from "./audit-log.ts";
export type { AuditEntry, AuditLogPage } from "./audit-log.ts";
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
export { personSecondFactors, secondFactorList, secondFactorListQuery, secondFactorReset, userIdParam } from "./second-factors.ts";
export type { PersonSecondFactors, SecondFactorList } from "./second-factors.ts";
