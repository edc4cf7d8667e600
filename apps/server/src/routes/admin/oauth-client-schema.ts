import { z } from "zod";

const uri = z.url().max(2048);

/**
 * What an admin may set on a client: RFC 7591 metadata plus the admin-only fields that the
 * plugin's public `create-client` drops.
 */
export const createOAuthClientBody = z
  .object({
    client_name: z.string().trim().min(1).max(200),
    redirect_uris: z.array(uri).min(1).max(50).optional(),
    post_logout_redirect_uris: z.array(uri).max(50).optional(),
    application_type: z.enum(["web", "native"]).default("web"),
    token_endpoint_auth_method: z.enum(["client_secret_basic", "client_secret_post", "none"]).default("client_secret_basic"),
    grant_types: z
      .array(z.enum(["authorization_code", "refresh_token", "client_credentials"]))
      .min(1)
      .default(["authorization_code", "refresh_token"]),
    response_types: z.array(z.literal("code")).optional(),
    scope: z.string().trim().max(1000).optional(),
    client_uri: uri.optional(),
    logo_uri: uri.optional(),
    policy_uri: uri.optional(),
    tos_uri: uri.optional(),
    contacts: z.array(z.string().min(1).max(320)).min(1).max(20).optional(),
    skip_consent: z.boolean().optional(),
    enable_end_session: z.boolean().optional(),
    require_pkce: z.boolean().optional(),
    client_credentials_scopes: z.array(z.string().trim().min(1)).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .superRefine((client, ctx) => {
    const usesCode = client.grant_types.includes("authorization_code");
    if (usesCode && !client.redirect_uris?.length) {
      ctx.addIssue({ code: "custom", path: ["redirect_uris"], message: "authorization_code needs at least one redirect URI" });
    }
    if (client.grant_types.includes("client_credentials") && client.token_endpoint_auth_method === "none") {
      ctx.addIssue({ code: "custom", path: ["token_endpoint_auth_method"], message: "client_credentials needs a confidential client" });
    }
    if (client.require_pkce === false && client.token_endpoint_auth_method === "none") {
      ctx.addIssue({ code: "custom", path: ["require_pkce"], message: "public clients must use PKCE" });
    }
  });

export type CreateOAuthClientBody = z.infer<typeof createOAuthClientBody>;
