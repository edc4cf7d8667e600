export { AUTH_BASE_PATH, CLIENT_IP_HEADER, createAuth } from "./create-auth.ts";
export type { Auth, AuthDeps } from "./create-auth.ts";
export { ADMIN_ROLE, hasAdminRole, USER_ROLE } from "./roles.ts";
export { SUPPORTED_SCOPES, standardClaimsFor } from "./scopes.ts";
export type { SupportedScope } from "./scopes.ts";
export { ADMIN_CLIENT_REFERENCE, ROLE_NAMES, ROLES } from "./access-control.ts";
export { JWKS_GRACE_PERIOD_SECONDS, jwtOptions } from "./signing-keys.ts";
export { deleteOAuthTokens, revokeOAuthTokens } from "./token-revocation.ts";
export type { TokenOwner } from "./token-revocation.ts";
