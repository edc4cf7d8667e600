import { z } from "zod";

const uri = z.url().max(2048);
const grantType = z.enum(["authorization_code", "refresh_token", "client_credentials"]);
const scopeList = z.array(z.string().trim().min(1).max(200)).max(100);
/** RFC 7591 `software_id` / `software_version`: identifiers of the client software, kept as given. */
const softwareField = z.string().trim().min(1).max(200);

/**
 * RFC 7591 metadata an admin may set, plus the admin-only fields the plugin's public
 * `create-client` drops. `token_endpoint_auth_method` is fixed at creation: whether a client holds
 * a secret decides how it was built, so a different kind of client is a new client.
 */
const editableFields = {
  client_name: z.string().trim().min(1).max(200),
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
};

interface ClientRules {
  grant_types?: string[];
  redirect_uris?: string[];
  token_endpoint_auth_method?: string;
  require_pkce?: boolean;
}

/** Rules that span fields; run on the whole client (for a PATCH: stored values merged with it). */
export function checkClientRules(client: ClientRules, ctx: z.RefinementCtx): void {
  const grantTypes = client.grant_types ?? [];
  if (grantTypes.includes("authorization_code") && !client.redirect_uris?.length) {
    ctx.addIssue({ code: "custom", path: ["redirect_uris"], message: "authorization_code needs at least one redirect URI" });
  }
  if (grantTypes.includes("client_credentials") && client.token_endpoint_auth_method === "none") {
    ctx.addIssue({ code: "custom", path: ["grant_types"], message: "client_credentials needs a confidential client" });
  }
  if (client.require_pkce === false && client.token_endpoint_auth_method === "none") {
    ctx.addIssue({ code: "custom", path: ["require_pkce"], message: "public clients must use PKCE" });
  }
}

export const createOAuthClientBody = z
  .object({
    ...editableFields,
    redirect_uris: editableFields.redirect_uris.min(1).optional(),
    post_logout_redirect_uris: editableFields.post_logout_redirect_uris.optional(),
    application_type: editableFields.application_type.default("web"),
    token_endpoint_auth_method: z.enum(["client_secret_basic", "client_secret_post", "none"]).default("client_secret_basic"),
    grant_types: editableFields.grant_types.default(["authorization_code", "refresh_token"]),
    response_types: z.array(z.literal("code")).optional(),
    scope: editableFields.scope.optional(),
    client_uri: uri.optional(),
    logo_uri: uri.optional(),
    policy_uri: uri.optional(),
    tos_uri: uri.optional(),
    contacts: editableFields.contacts.optional(),
    skip_consent: z.boolean().optional(),
    enable_end_session: z.boolean().optional(),
    require_pkce: z.boolean().optional(),
    client_credentials_scopes: scopeList.optional(),
    metadata: editableFields.metadata.optional(),
    software_id: softwareField.optional(),
    software_version: softwareField.optional(),
  })
  // RFC 7591 §2: metadata the server does not understand is ignored, not refused (registration
  // tools send software_statement, jwks_uri, Better Auth's `type`, …). Known fields are still
  // checked; the answer is the stored client, so it shows what was kept.
  .strip()
  .superRefine(checkClientRules);

export type CreateOAuthClientBody = z.infer<typeof createOAuthClientBody>;

/**
 * A PATCH: any editable field; `null` clears an optional one. `disabled` switches the client off
 * (authorize and token refuse it) without losing its grants. Unlike registration, an unknown
 * field is refused: an admin's typo ("disable") must not pass as a successful edit.
 */
export const updateOAuthClientBody = z
  .object({
    client_name: editableFields.client_name,
    redirect_uris: editableFields.redirect_uris,
    post_logout_redirect_uris: editableFields.post_logout_redirect_uris,
    application_type: editableFields.application_type,
    grant_types: editableFields.grant_types,
    scope: editableFields.scope.nullable(),
    client_uri: uri.nullable(),
    logo_uri: uri.nullable(),
    policy_uri: uri.nullable(),
    tos_uri: uri.nullable(),
    contacts: editableFields.contacts.nullable(),
    skip_consent: editableFields.skip_consent,
    enable_end_session: editableFields.enable_end_session,
    require_pkce: editableFields.require_pkce,
    client_credentials_scopes: editableFields.client_credentials_scopes,
    metadata: editableFields.metadata,
    disabled: z.boolean(),
  })
  .partial()
  .strict()
  .refine((update) => Object.keys(update).length > 0, { message: "nothing to update" });

export type UpdateOAuthClientBody = z.infer<typeof updateOAuthClientBody>;

export const clientIdParam = z.object({ client_id: z.string().min(1).max(200) });
