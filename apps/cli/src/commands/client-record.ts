import { createHash, randomBytes, randomUUID } from "node:crypto";
import { ADMIN_CLIENT_REFERENCE } from "@iam/auth";
import type { TokenPolicy } from "@iam/auth";
import type { oauthClient } from "@iam/db/schema";
import { tokenPolicyInput } from "@iam/schemas";
import { z } from "zod";

type ClientRow = typeof oauthClient.$inferSelect;
type ClientInsert = typeof oauthClient.$inferInsert;

const uri = z.url().max(2048);
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * A client as the CLI reads and writes it (JSON files, `--json`): RFC 7591 names plus the
 * admin-only fields, the same vocabulary as the admin API. `client_id` is kept on import so
 * infrastructure-as-code can name clients; `client_secret_hash` only moves between instances.
 */
export const clientRecord = z
  .object({
    client_id: z
      .string()
      .regex(/^[A-Za-z0-9._~-]{8,128}$/, "8–128 URL-safe characters")
      .optional(),
    client_name: z.string().trim().min(1).max(200),
    redirect_uris: z.array(uri).max(50).default([]),
    post_logout_redirect_uris: z.array(uri).max(50).default([]),
    application_type: z.enum(["web", "native"]).default("web"),
    token_endpoint_auth_method: z.enum(["client_secret_basic", "client_secret_post", "none"]).default("client_secret_basic"),
    grant_types: z
      .array(z.enum(["authorization_code", "refresh_token", "client_credentials"]))
      .min(1)
      .default(["authorization_code", "refresh_token"]),
    scope: z.string().trim().max(1000).optional(),
    client_uri: uri.optional(),
    logo_uri: uri.optional(),
    policy_uri: uri.optional(),
    tos_uri: uri.optional(),
    contacts: z.array(z.string().min(1).max(320)).max(20).optional(),
    skip_consent: z.boolean().default(false),
    enable_end_session: z.boolean().default(false),
    require_pkce: z.boolean().default(true),
    client_credentials_scopes: z.array(z.string().trim().min(1)).default([]),
    disabled: z.boolean().default(false),
    client_secret_hash: z.string().min(20).optional(),
    // How tokens are issued (the console's and admin API's names); absent: left as they are.
    ...tokenPolicyInput,
  })
  .strict()
  .superRefine((client, ctx) => {
    if (client.grant_types.includes("authorization_code") && client.redirect_uris.length === 0) {
      ctx.addIssue({ code: "custom", path: ["redirect_uris"], message: "authorization_code needs at least one redirect URI" });
    }
    const publicClient = client.token_endpoint_auth_method === "none";
    if (publicClient && client.grant_types.includes("client_credentials")) {
      ctx.addIssue({ code: "custom", path: ["token_endpoint_auth_method"], message: "client_credentials needs a confidential client" });
    }
    if (publicClient && !client.require_pkce) {
      ctx.addIssue({ code: "custom", path: ["require_pkce"], message: "public clients must use PKCE" });
    }
    if (client.client_credentials_scopes.length > 0 && !client.grant_types.includes("client_credentials")) {
      ctx.addIssue({ code: "custom", path: ["client_credentials_scopes"], message: "needs the client_credentials grant" });
    }
    // The oauth-provider plugin's own rule: web clients redirect over https to a non-loopback
    // host; an app on http://localhost is registered as native.
    if (client.application_type === "web") {
      client.redirect_uris.forEach((redirect, index) => {
        const url = new URL(redirect);
        if (url.protocol !== "https:" || LOOPBACK_HOSTS.has(url.hostname)) {
          ctx.addIssue({
            code: "custom",
            path: ["redirect_uris", index],
            message: "web clients need https redirect URIs on a non-loopback host (register a localhost app as native)",
          });
        }
      });
    }
  });

export type ClientRecord = z.output<typeof clientRecord>;

export const clientExportFile = z.object({
  version: z.literal(1),
  clients: z.array(z.unknown()),
});

/** The oauth-provider plugin's default storage ("hashed"): SHA-256, base64url without padding. */
export function hashClientSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("base64url");
}

/** Letters only and as long as the plugin's own (32), with ~190 bits of entropy. */
export function generateClientSecret(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  return [...randomBytes(32)].map((byte) => alphabet[byte % alphabet.length]).join("");
}

/**
 * Letters and digits only: a base64url id starts with "-" one time in 64, and the CLI's own
 * argument parser then reads it as an option (`clients rotate -x…` was a usage error).
 */
export function generateClientId(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return [...randomBytes(32)].map((byte) => alphabet[byte % alphabet.length]).join("");
}

export function isConfidential(record: Pick<ClientRecord, "token_endpoint_auth_method">): boolean {
  return record.token_endpoint_auth_method !== "none";
}

/** Column values for a record; the secret hash is set by the caller. */
export function toRow(record: ClientRecord, now: Date): Omit<ClientInsert, "clientSecret"> {
  return {
    id: randomUUID(),
    clientId: record.client_id ?? generateClientId(),
    name: record.client_name,
    redirectUris: record.redirect_uris,
    postLogoutRedirectUris: record.post_logout_redirect_uris,
    applicationType: record.application_type,
    tokenEndpointAuthMethod: record.token_endpoint_auth_method,
    grantTypes: record.grant_types,
    responseTypes: ["code"],
    scopes: record.scope ? record.scope.split(/\s+/) : null,
    uri: record.client_uri ?? null,
    icon: record.logo_uri ?? null,
    policy: record.policy_uri ?? null,
    tos: record.tos_uri ?? null,
    contacts: record.contacts ?? null,
    skipConsent: record.skip_consent,
    enableEndSession: record.enable_end_session,
    requirePKCE: record.require_pkce,
    clientCredentialsScopes: record.grant_types.includes("client_credentials") ? record.client_credentials_scopes : [],
    disabled: record.disabled,
    // Owned by the admin group, like clients the console creates, so every admin can manage it there.
    referenceId: ADMIN_CLIENT_REFERENCE,
    createdAt: now,
    updatedAt: now,
  };
}

/** A row as the CLI shows and exports it. The secret hash only when asked for. */
export function fromRow(row: ClientRow, withSecretHash = false): ClientRecord & { client_id: string; client_id_issued_at?: number } {
  return {
    client_id: row.clientId,
    client_name: row.name ?? "",
    redirect_uris: row.redirectUris,
    post_logout_redirect_uris: row.postLogoutRedirectUris ?? [],
    application_type: row.applicationType === "native" ? "native" : "web",
    token_endpoint_auth_method: (row.tokenEndpointAuthMethod ?? "client_secret_basic") as ClientRecord["token_endpoint_auth_method"],
    grant_types: (row.grantTypes ?? ["authorization_code"]) as ClientRecord["grant_types"],
    ...(row.scopes?.length ? { scope: row.scopes.join(" ") } : {}),
    ...(row.uri ? { client_uri: row.uri } : {}),
    ...(row.icon ? { logo_uri: row.icon } : {}),
    ...(row.policy ? { policy_uri: row.policy } : {}),
    ...(row.tos ? { tos_uri: row.tos } : {}),
    ...(row.contacts?.length ? { contacts: row.contacts } : {}),
    skip_consent: row.skipConsent ?? false,
    enable_end_session: row.enableEndSession ?? false,
    require_pkce: row.requirePKCE ?? true,
    client_credentials_scopes: row.clientCredentialsScopes ?? [],
    disabled: row.disabled ?? false,
    ...(withSecretHash && row.clientSecret ? { client_secret_hash: row.clientSecret } : {}),
    ...(row.createdAt ? { client_id_issued_at: Math.floor(row.createdAt.getTime() / 1000) } : {}),
  };
}

/** The token settings a record names, as the policy store takes them (absent fields unchanged). */
export function tokenPolicyChange(record: ClientRecord): Partial<TokenPolicy> {
  return {
    ...(record.access_token_format ? { accessTokenFormat: record.access_token_format } : {}),
    ...(record.access_token_lifetime !== undefined ? { accessTokenLifetime: record.access_token_lifetime } : {}),
    ...(record.refresh_token_policy ? { refreshTokenPolicy: record.refresh_token_policy } : {}),
    ...(record.require_second_factor !== undefined ? { requireSecondFactor: record.require_second_factor } : {}),
  };
}

/** A client's stored token settings as a record's fields. */
export function tokenPolicyFields(
  policy: TokenPolicy,
): Pick<ClientRecord, "access_token_format" | "access_token_lifetime" | "refresh_token_policy" | "require_second_factor"> {
  return {
    access_token_format: policy.accessTokenFormat,
    access_token_lifetime: policy.accessTokenLifetime,
    refresh_token_policy: policy.refreshTokenPolicy,
    require_second_factor: policy.requireSecondFactor,
  };
}
