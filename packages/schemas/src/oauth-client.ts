import { z } from "zod";
import { pageFields, pageQuery } from "./pagination.ts";
import { tokenPolicyInput, tokenPolicyView } from "./token-policy.ts";

/** The console shows these messages next to its fields; the API returns them in `details`. */
const uri = z.url({ message: "Enter a full URL, e.g. https://app.example/callback" }).max(2048);
/** RFC 8628's grant, for TVs and CLIs; an admin enables it per client. */
export const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
const grantType = z.enum(["authorization_code", "refresh_token", "client_credentials", DEVICE_CODE_GRANT]);
const authMethod = z.enum(["client_secret_basic", "client_secret_post", "none"]);
const scopeList = z.array(z.string().trim().min(1).max(200)).max(100);
/** RFC 7591 `software_id` / `software_version`: identifiers of the client software, kept as given. */
const softwareField = z.string().trim().min(1).max(200);

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
/**
 * OpenID Connect Back-Channel Logout 1.0 §2.2: absolute, no fragment. The provider posts logout
 * tokens there from its own network, so https is required except on a loopback address (a relying
 * party on the same machine, in development), and credentials never ride in the URL.
 */
export const backchannelLogoutUri = uri.superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return;
  }
  if (url.hash || value.includes("#")) ctx.addIssue({ code: "custom", message: "A back-channel logout URI has no #fragment" });
  if (url.username || url.password) ctx.addIssue({ code: "custom", message: "Put no user name or password in the URI" });
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname))) {
    ctx.addIssue({ code: "custom", message: "Use https (http only on localhost)" });
  }
});

/**
 * RFC 7591 metadata an admin may set, plus the admin-only fields the plugin's public
 * `create-client` drops. `token_endpoint_auth_method` is fixed at creation: whether a client holds
 * a secret decides how it was built, so a different kind of client is a new client.
 */
export const clientFields = {
  client_name: z.string().trim().min(1, "Give the client a name").max(200),
  redirect_uris: z.array(uri).max(50),
  post_logout_redirect_uris: z.array(uri).max(50),
  application_type: z.enum(["web", "native"]),
  grant_types: z.array(grantType).min(1),
  scope: z.string().trim().max(1000),
  client_uri: uri,
  logo_uri: uri,
  policy_uri: uri,
  tos_uri: uri,
  contacts: z.array(z.string().min(1).max(320)).min(1).max(20),
  skip_consent: z.boolean(),
  enable_end_session: z.boolean(),
  require_pkce: z.boolean(),
  client_credentials_scopes: scopeList,
  metadata: z.record(z.string(), z.unknown()),
  token_endpoint_auth_method: authMethod,
  backchannel_logout_uri: backchannelLogoutUri,
  backchannel_logout_session_required: z.boolean(),
};

export type TokenEndpointAuthMethod = z.infer<typeof authMethod>;

interface ClientRulesInput {
  grant_types?: readonly string[];
  redirect_uris?: readonly string[];
  token_endpoint_auth_method?: string;
  require_pkce?: boolean;
}

export type ClientRule = "redirect_uri_required" | "client_credentials_needs_secret" | "public_client_needs_pkce";
export interface ClientRuleViolation {
  rule: ClientRule;
  path: "redirect_uris" | "grant_types" | "require_pkce";
  message: string;
}

/** Rules that span fields; run on the whole client (for a PATCH: stored values merged with it). */
export function clientRuleViolations(client: ClientRulesInput): ClientRuleViolation[] {
  const grantTypes = client.grant_types ?? [];
  const violations: ClientRuleViolation[] = [];
  if (grantTypes.includes("authorization_code") && !client.redirect_uris?.length) {
    violations.push({ rule: "redirect_uri_required", path: "redirect_uris", message: "authorization_code needs at least one redirect URI" });
  }
  if (grantTypes.includes("client_credentials") && client.token_endpoint_auth_method === "none") {
    violations.push({ rule: "client_credentials_needs_secret", path: "grant_types", message: "client_credentials needs a confidential client" });
  }
  if (client.require_pkce === false && client.token_endpoint_auth_method === "none") {
    violations.push({ rule: "public_client_needs_pkce", path: "require_pkce", message: "public clients must use PKCE" });
  }
  return violations;
}

export function checkClientRules(client: ClientRulesInput, ctx: z.RefinementCtx): void {
  for (const { path, message } of clientRuleViolations(client)) ctx.addIssue({ code: "custom", path: [path], message });
}

export const createOAuthClientBody = z
  .object({
    ...clientFields,
    redirect_uris: clientFields.redirect_uris.min(1).optional(),
    post_logout_redirect_uris: clientFields.post_logout_redirect_uris.optional(),
    application_type: clientFields.application_type.default("web"),
    token_endpoint_auth_method: authMethod.default("client_secret_basic"),
    grant_types: clientFields.grant_types.default(["authorization_code", "refresh_token"]),
    response_types: z.array(z.literal("code")).optional(),
    scope: clientFields.scope.optional(),
    client_uri: uri.optional(),
    logo_uri: uri.optional(),
    policy_uri: uri.optional(),
    tos_uri: uri.optional(),
    contacts: clientFields.contacts.optional(),
    skip_consent: z.boolean().optional(),
    enable_end_session: z.boolean().optional(),
    require_pkce: z.boolean().optional(),
    client_credentials_scopes: scopeList.optional(),
    metadata: clientFields.metadata.optional(),
    software_id: softwareField.optional(),
    software_version: softwareField.optional(),
    ...tokenPolicyInput,
    backchannel_logout_uri: backchannelLogoutUri.optional(),
    backchannel_logout_session_required: z.boolean().optional(),
    subject_type: z.enum(["public", "pairwise"]).optional(),
    dpop_bound_access_tokens: z.boolean().optional(),
  })
  // RFC 7591 §2: metadata the server does not understand is ignored, not refused (registration
  // tools send software_statement, jwks_uri, Better Auth's `type`, …). Known fields are still
  // checked; the answer is the stored client, so it shows what was kept.
  .strip()
  .superRefine(checkClientRules);

export type CreateOAuthClientBody = z.infer<typeof createOAuthClientBody>;
/** What a caller sends (defaults not yet applied). */
export type CreateOAuthClientInput = z.input<typeof createOAuthClientBody>;

/**
 * A PATCH: any editable field; `null` clears an optional one. `disabled` switches the client off
 * (authorize and token refuse it) without losing its grants. Unlike registration, an unknown
 * field is refused: an admin's typo ("disable") must not pass as a successful edit.
 */
export const updateOAuthClientBody = z
  .object({
    client_name: clientFields.client_name,
    redirect_uris: clientFields.redirect_uris,
    post_logout_redirect_uris: clientFields.post_logout_redirect_uris,
    application_type: clientFields.application_type,
    grant_types: clientFields.grant_types,
    scope: clientFields.scope.nullable(),
    client_uri: uri.nullable(),
    logo_uri: uri.nullable(),
    policy_uri: uri.nullable(),
    tos_uri: uri.nullable(),
    contacts: clientFields.contacts.nullable(),
    skip_consent: clientFields.skip_consent,
    enable_end_session: clientFields.enable_end_session,
    require_pkce: clientFields.require_pkce,
    client_credentials_scopes: clientFields.client_credentials_scopes,
    metadata: clientFields.metadata,
    disabled: z.boolean(),
    ...tokenPolicyInput,
    backchannel_logout_uri: backchannelLogoutUri.nullable(),
    backchannel_logout_session_required: z.boolean(),
    dpop_bound_access_tokens: z.boolean(),
  })
  .partial()
  .strict()
  .refine((update) => Object.keys(update).length > 0, { message: "nothing to update" });

export type UpdateOAuthClientBody = z.infer<typeof updateOAuthClientBody>;

export const clientIdParam = z.object({ client_id: z.string().min(1).max(200) });

export const oauthClientListQuery = pageQuery.extend({ status: z.enum(["enabled", "disabled"]).optional() });

/**
 * A stored client in RFC 7591 field names plus the admin-only fields. The secret never appears
 * here: only creation and rotation return one, once.
 */
export const oauthClient = z
  .object({
    client_id: z.string(),
    client_name: z.string().optional(),
    client_uri: z.string().optional(),
    logo_uri: z.string().optional(),
    policy_uri: z.string().optional(),
    tos_uri: z.string().optional(),
    contacts: z.array(z.string()).optional(),
    software_id: z.string().optional(),
    software_version: z.string().optional(),
    redirect_uris: z.array(z.string()),
    post_logout_redirect_uris: z.array(z.string()),
    grant_types: z.array(z.string()),
    response_types: z.array(z.string()),
    token_endpoint_auth_method: authMethod,
    application_type: clientFields.application_type,
    /** Confidential clients hold a secret; public ones (SPAs, mobile apps) cannot keep one. */
    client_type: z.enum(["public", "confidential"]),
    scope: z.string().optional(),
    client_credentials_scopes: z.array(z.string()),
    skip_consent: z.boolean(),
    enable_end_session: z.boolean(),
    require_pkce: z.boolean(),
    disabled: z.boolean(),
    client_id_issued_at: z.number().int().optional(),
    updated_at: z.number().int().optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    ...tokenPolicyView,
    /** Where logout tokens go when a session of this client's users ends (none: not notified). */
    backchannel_logout_uri: z.string().optional(),
    backchannel_logout_session_required: z.boolean(),
    /** `pairwise`: a different `sub` per sector (the redirect URIs' host). Set at creation. */
    subject_type: z.enum(["public", "pairwise"]).optional(),
    /** Access tokens must be DPoP-bound (RFC 9449). */
    dpop_bound_access_tokens: z.boolean().optional(),
    /** Came through the RFC 7591 registration endpoint rather than from an admin. */
    dynamically_registered: z.boolean().optional(),
    /** The initial access token that registered it, when one did. */
    initial_access_token_id: z.string().optional(),
  })
  .meta({ id: "OAuthClient" });

export type OAuthClient = z.infer<typeof oauthClient>;

export const oauthClientPage = z.object({ clients: z.array(oauthClient), ...pageFields }).meta({ id: "OAuthClientPage" });
export type OAuthClientPage = z.infer<typeof oauthClientPage>;

/** The plugin's registration answer (RFC 7591 §3.2.1): `client_secret` appears this once. */
export const createdOAuthClient = z
  .looseObject({ client_id: z.string(), client_secret: z.string().optional(), client_name: z.string().optional() })
  .meta({ id: "CreatedOAuthClient" });
export type CreatedOAuthClient = z.infer<typeof createdOAuthClient>;

export const rotatedOAuthClient = oauthClient
  .partial()
  .extend({
    client_id: z.string(),
    client_secret: z.string().optional().meta({ description: "The new secret, shown this once." }),
    previous_secret_expires_at: z
      .number()
      .int()
      .nullable()
      .optional()
      .meta({ description: "Until when (epoch seconds) the old secret still works; null: it stopped at once." }),
  })
  .meta({ id: "RotatedOAuthClient" });
export type RotatedOAuthClient = z.infer<typeof rotatedOAuthClient>;
