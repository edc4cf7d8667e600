import { clientFields, clientRuleViolations, DEVICE_CODE_GRANT } from "@iam/schemas";
import type { ClientRule } from "@iam/schemas";
import { z } from "zod";
import type { OAuthClient } from "@/console/api/types";

export type AppKind = "web" | "user-agent" | "native";

export const APP_KINDS: { value: AppKind; label: string; help: string }[] = [
  {
    value: "web",
    label: "Web application",
    help: "Runs on a server you control and can keep a secret. Its redirect URIs must use https.",
  },
  {
    value: "user-agent",
    label: "Single-page app (user-agent)",
    help: "Runs entirely in the browser, so it cannot keep a secret: a public client that proves itself with PKCE. Redirect URIs must use https.",
  },
  {
    value: "native",
    label: "Native, desktop, CLI or localhost",
    help: "Apps on a device, and any app whose redirect URI is http://localhost, 127.0.0.1 or a custom scheme: the provider accepts plain-http loopback redirects only for native clients.",
  },
];

/** What the form edits: text as typed, checkboxes as booleans. */
export interface ClientFormValues {
  client_name: string;
  kind: AppKind;
  token_endpoint_auth_method: "client_secret_basic" | "client_secret_post" | "none";
  redirect_uris: string;
  post_logout_redirect_uris: string;
  authorization_code: boolean;
  refresh_token: boolean;
  client_credentials: boolean;
  device_code: boolean;
  scope: string;
  client_credentials_scopes: string;
  skip_consent: boolean;
  enable_end_session: boolean;
  require_pkce: boolean;
  logo_uri: string;
  client_uri: string;
  policy_uri: string;
  tos_uri: string;
  backchannel_logout_uri: string;
  backchannel_logout_session_required: boolean;
}

export const emptyClientForm: ClientFormValues = {
  client_name: "",
  kind: "web",
  token_endpoint_auth_method: "client_secret_basic",
  redirect_uris: "",
  post_logout_redirect_uris: "",
  authorization_code: true,
  refresh_token: true,
  client_credentials: false,
  device_code: false,
  scope: "",
  client_credentials_scopes: "",
  skip_consent: false,
  enable_end_session: false,
  require_pkce: true,
  logo_uri: "",
  client_uri: "",
  policy_uri: "",
  tos_uri: "",
  backchannel_logout_uri: "",
  backchannel_logout_session_required: false,
};

export function kindOf(client: Pick<OAuthClient, "application_type" | "token_endpoint_auth_method">): AppKind {
  if (client.application_type === "native") return "native";
  return client.token_endpoint_auth_method === "none" ? "user-agent" : "web";
}

export function formFromClient(client: OAuthClient): ClientFormValues {
  return {
    client_name: client.client_name ?? "",
    kind: kindOf(client),
    token_endpoint_auth_method: client.token_endpoint_auth_method,
    redirect_uris: client.redirect_uris.join("\n"),
    post_logout_redirect_uris: client.post_logout_redirect_uris.join("\n"),
    authorization_code: client.grant_types.includes("authorization_code"),
    refresh_token: client.grant_types.includes("refresh_token"),
    client_credentials: client.grant_types.includes("client_credentials"),
    device_code: client.grant_types.includes(DEVICE_CODE_GRANT),
    scope: client.scope ?? "",
    client_credentials_scopes: client.client_credentials_scopes.join(" "),
    skip_consent: client.skip_consent,
    enable_end_session: client.enable_end_session,
    require_pkce: client.require_pkce,
    logo_uri: client.logo_uri ?? "",
    client_uri: client.client_uri ?? "",
    policy_uri: client.policy_uri ?? "",
    tos_uri: client.tos_uri ?? "",
    backchannel_logout_uri: client.backchannel_logout_uri ?? "",
    backchannel_logout_session_required: client.backchannel_logout_session_required,
  };
}

const lines = (text: string) =>
  text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter(Boolean);
const words = (text: string) => text.split(/\s+/).filter(Boolean);
const optionalUrl = (field: z.ZodType<string>) => z.union([z.literal(""), field]);

/** The server's cross-field rules (@iam/schemas), said the console's way and shown at the form's field. */
const RULE_MESSAGES: Record<ClientRule, { field: keyof ClientFormValues; message: string }> = {
  redirect_uri_required: { field: "redirect_uris", message: "Sign-in (authorization code) needs at least one redirect URI" },
  client_credentials_needs_secret: { field: "client_credentials", message: "Client credentials need a client that can keep a secret" },
  public_client_needs_pkce: { field: "require_pkce", message: "Public clients must use PKCE" },
};

/**
 * The form's rules, checked before anything is sent: the API's own field schemas and cross-field
 * rules (the server checks them again), plus what only the form's choices can get wrong.
 */
export const clientFormSchema = z
  .object({
    client_name: clientFields.client_name,
    kind: z.enum(["web", "user-agent", "native"]),
    token_endpoint_auth_method: clientFields.token_endpoint_auth_method,
    redirect_uris: z.string().transform(lines).pipe(clientFields.redirect_uris),
    post_logout_redirect_uris: z.string().transform(lines).pipe(clientFields.post_logout_redirect_uris),
    authorization_code: z.boolean(),
    refresh_token: z.boolean(),
    client_credentials: z.boolean(),
    device_code: z.boolean(),
    scope: clientFields.scope,
    client_credentials_scopes: z.string().transform(words).pipe(clientFields.client_credentials_scopes),
    skip_consent: z.boolean(),
    enable_end_session: z.boolean(),
    require_pkce: z.boolean(),
    logo_uri: optionalUrl(clientFields.logo_uri),
    client_uri: optionalUrl(clientFields.client_uri),
    policy_uri: optionalUrl(clientFields.policy_uri),
    tos_uri: optionalUrl(clientFields.tos_uri),
    backchannel_logout_uri: optionalUrl(clientFields.backchannel_logout_uri),
    backchannel_logout_session_required: z.boolean(),
  })
  .superRefine((form, ctx) => {
    const publicClient = form.kind === "user-agent" || form.token_endpoint_auth_method === "none";
    if (!form.authorization_code && !form.client_credentials && !form.device_code)
      ctx.addIssue({ code: "custom", path: ["authorization_code"], message: "Choose at least one way to get tokens" });
    const violations = clientRuleViolations({
      grant_types: [form.authorization_code && "authorization_code", form.client_credentials && "client_credentials"].filter((grant): grant is string =>
        Boolean(grant),
      ),
      redirect_uris: form.redirect_uris,
      token_endpoint_auth_method: publicClient ? "none" : form.token_endpoint_auth_method,
      require_pkce: form.require_pkce,
    });
    for (const { rule } of violations) ctx.addIssue({ code: "custom", path: [RULE_MESSAGES[rule].field], message: RULE_MESSAGES[rule].message });
    if (form.kind === "web") {
      const insecure = form.redirect_uris.find((uri) => uri.startsWith("http:"));
      if (insecure)
        ctx.addIssue({
          code: "custom",
          path: ["redirect_uris"],
          message: `${insecure} is plain http: choose "Native, desktop, CLI or localhost" for a localhost redirect, or use https`,
        });
    }
  });

export type ClientFormErrors = Partial<Record<keyof ClientFormValues, string>>;

/** The API body for a create (or, without the fixed fields, an update). */
export function toRequestBody(values: ClientFormValues, mode: "create" | "edit"): { body?: Record<string, unknown>; errors?: ClientFormErrors } {
  const parsed = clientFormSchema.safeParse(values);
  if (!parsed.success) {
    const errors: ClientFormErrors = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as keyof ClientFormValues;
      errors[key] ??= issue.message;
    }
    return { errors };
  }
  const form = parsed.data;
  const publicClient = form.kind === "user-agent" ? true : form.token_endpoint_auth_method === "none";
  const grantTypes = [
    form.authorization_code && "authorization_code",
    form.refresh_token && (form.authorization_code || form.device_code) && "refresh_token",
    form.client_credentials && "client_credentials",
    form.device_code && DEVICE_CODE_GRANT,
  ].filter((grant): grant is string => Boolean(grant));
  const optional = (value: string) => (value ? value : mode === "edit" ? null : undefined);
  const body: Record<string, unknown> = {
    client_name: form.client_name,
    application_type: form.kind === "native" ? "native" : "web",
    redirect_uris: form.redirect_uris,
    post_logout_redirect_uris: form.post_logout_redirect_uris,
    grant_types: grantTypes,
    scope: form.scope ? form.scope : mode === "edit" ? null : undefined,
    client_credentials_scopes: form.client_credentials ? form.client_credentials_scopes : [],
    skip_consent: form.skip_consent,
    enable_end_session: form.enable_end_session,
    require_pkce: publicClient ? true : form.require_pkce,
    logo_uri: optional(form.logo_uri),
    client_uri: optional(form.client_uri),
    policy_uri: optional(form.policy_uri),
    tos_uri: optional(form.tos_uri),
    backchannel_logout_uri: optional(form.backchannel_logout_uri),
    backchannel_logout_session_required: form.backchannel_logout_uri ? form.backchannel_logout_session_required : undefined,
  };
  if (mode === "create") {
    body.token_endpoint_auth_method = publicClient ? "none" : form.token_endpoint_auth_method;
    if (form.redirect_uris.length === 0) delete body.redirect_uris;
    if (form.post_logout_redirect_uris.length === 0) delete body.post_logout_redirect_uris;
  }
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  return { body };
}
