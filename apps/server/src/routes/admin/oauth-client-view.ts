import type { oauthClient, oauthClientRegistration } from "@iam/db/schema";
import { DEFAULT_TOKEN_POLICY, JWT_ACCESS_TOKEN_LIFETIME } from "@iam/auth";
import type { TokenPolicy } from "@iam/auth";
import type { OAuthClient, TokenEndpointAuthMethod, TokenPolicyView } from "@iam/schemas";

type ClientRow = typeof oauthClient.$inferSelect;
/** From `oauth_client_registration`: null for a client an admin made. */
export type ClientRegistration = Pick<typeof oauthClientRegistration.$inferSelect, "initialAccessTokenId">;

const seconds = (date: Date | null) => (date ? Math.floor(date.getTime() / 1000) : undefined);

/**
 * A stored client in RFC 7591 field names plus the admin-only fields. The secret never leaves
 * the server here: only creation and rotation return one, once.
 */
/** The client's token policy as the API shows it: the JWT lifetime in force, not null. */
export function tokenPolicyView(policy: TokenPolicy): TokenPolicyView {
  return {
    access_token_format: policy.accessTokenFormat,
    access_token_lifetime: policy.accessTokenLifetime ?? JWT_ACCESS_TOKEN_LIFETIME.default,
    refresh_token_policy: policy.refreshTokenPolicy,
    require_second_factor: policy.requireSecondFactor,
  };
}

export function clientView(row: ClientRow, policy: TokenPolicy = DEFAULT_TOKEN_POLICY, registration?: ClientRegistration | null): OAuthClient {
  // The columns are plain text; only the plugin and these routes write them, with these values.
  const authMethod = (row.tokenEndpointAuthMethod ?? "client_secret_basic") as TokenEndpointAuthMethod;
  return {
    client_id: row.clientId,
    client_name: row.name ?? undefined,
    client_uri: row.uri ?? undefined,
    logo_uri: row.icon ?? undefined,
    policy_uri: row.policy ?? undefined,
    tos_uri: row.tos ?? undefined,
    contacts: row.contacts ?? undefined,
    software_id: row.softwareId ?? undefined,
    software_version: row.softwareVersion ?? undefined,
    redirect_uris: row.redirectUris,
    post_logout_redirect_uris: row.postLogoutRedirectUris ?? [],
    grant_types: row.grantTypes ?? ["authorization_code"],
    response_types: row.responseTypes ?? ["code"],
    token_endpoint_auth_method: authMethod,
    application_type: row.applicationType === "native" ? "native" : "web",
    /** Confidential clients hold a secret; public ones (SPAs, mobile apps) cannot keep one. */
    client_type: authMethod === "none" ? "public" : "confidential",
    scope: row.scopes?.join(" ") || undefined,
    client_credentials_scopes: row.clientCredentialsScopes ?? [],
    skip_consent: row.skipConsent ?? false,
    enable_end_session: row.enableEndSession ?? false,
    require_pkce: row.requirePKCE ?? true,
    disabled: row.disabled ?? false,
    client_id_issued_at: seconds(row.createdAt),
    updated_at: seconds(row.updatedAt),
    metadata: (row.metadata as Record<string, unknown> | null) ?? undefined,
    ...tokenPolicyView(policy),
    // Stored apart (oauth_client_logout); the routes add them with withLogout().
    backchannel_logout_session_required: false,
    subject_type: row.subjectType === "pairwise" ? "pairwise" : "public",
    dpop_bound_access_tokens: row.dpopBoundAccessTokens ?? false,
    ...(registration === undefined ? {} : { dynamically_registered: registration !== null }),
    ...(registration?.initialAccessTokenId ? { initial_access_token_id: registration.initialAccessTokenId } : {}),
  };
}

export type ClientView = OAuthClient;
