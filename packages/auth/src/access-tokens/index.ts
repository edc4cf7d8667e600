export { JWT_ACCESS_TOKEN_TYPE } from "./jwt-access-token.ts";
export { tokenIssuance } from "./token-issuance-plugin.ts";
export {
  ACCESS_TOKEN_FORMATS,
  CLIENT_AUDIENCE_KIND,
  DEFAULT_TOKEN_POLICY,
  forgetClientAudience,
  JWT_ACCESS_TOKEN_LIFETIME,
  readTokenPolicies,
  readTokenPolicy,
  REFRESH_TOKEN_POLICIES,
  writeTokenPolicy,
} from "./token-policy.ts";
export type { AccessTokenFormat, RefreshTokenPolicy, TokenPolicy } from "./token-policy.ts";
