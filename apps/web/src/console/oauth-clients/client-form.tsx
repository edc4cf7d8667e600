"use client";

import { Alert, Button, Checkbox, Input, Select, Textarea } from "@iam/ui";
import type { FormEvent } from "react";
import { useRef, useState } from "react";
import { APP_KINDS, toRequestBody } from "./client-form-schema";
import type { AppKind, ClientFormErrors, ClientFormValues } from "./client-form-schema";

export interface ClientFormProps {
  mode: "create" | "edit";
  initial: ClientFormValues;
  submitLabel: string;
  busy: boolean;
  /** The server's answer to the last attempt. */
  serverError?: string;
  onSubmit: (body: Record<string, unknown>) => void;
  onCancel?: () => void;
}

/** Create and edit form for an OAuth client, validated with the same rules the API applies. */
export function ClientForm({ mode, initial, submitLabel, busy, serverError, onSubmit, onCancel }: ClientFormProps) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<ClientFormErrors>({});
  const formRef = useRef<HTMLFormElement>(null);
  const set = <K extends keyof ClientFormValues>(key: K, value: ClientFormValues[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
    // An error about a field the person just changed is out of date.
    setErrors((current) => (current[key] ? { ...current, [key]: undefined } : current));
  };
  const check = (key: keyof ClientFormValues) => ({
    checked: values[key] as boolean,
    onChange: (event: { target: { checked: boolean } }) => set(key, event.target.checked as never),
  });
  const text = (key: keyof ClientFormValues) => ({
    value: values[key] as string,
    error: errors[key],
    onChange: (event: { target: { value: string } }) => set(key, event.target.value as never),
  });

  // The kind of client (whether it holds a secret) is fixed once created.
  const initiallyPublic = initial.kind === "user-agent" || initial.token_endpoint_auth_method === "none";
  const kinds = mode === "create" ? APP_KINDS : APP_KINDS.filter((kind) => (initiallyPublic ? kind.value !== "web" : kind.value !== "user-agent"));
  const publicClient = values.kind === "user-agent" || values.token_endpoint_auth_method === "none";

  function submit(event: FormEvent) {
    event.preventDefault();
    const result = toRequestBody(values, mode);
    setErrors(result.errors ?? {});
    if (result.body) onSubmit(result.body);
    // The form is long: take the person to the first field that needs fixing.
    else requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="flex flex-col gap-6" data-testid="client-form">
      {serverError ? (
        <Alert tone="error" title="The server refused these settings">
          {serverError}
        </Alert>
      ) : null}
      <Input label="Name" {...text("client_name")} hint="Shown to people on the sign-in and consent pages." required />

      <fieldset className="flex flex-col gap-3">
        <legend className="mb-1 text-sm font-medium text-slate-800">Application type</legend>
        {kinds.map((kind) => (
          <label
            key={kind.value}
            className="flex cursor-pointer items-start gap-3 rounded-lg border border-slate-200 p-3 has-[:checked]:border-indigo-400 has-[:checked]:bg-indigo-50"
          >
            <input
              type="radio"
              name="kind"
              value={kind.value}
              checked={values.kind === kind.value}
              onChange={() => {
                set("kind", kind.value as AppKind);
                if (mode === "create" && kind.value === "user-agent") set("token_endpoint_auth_method", "none");
                if (mode === "create" && kind.value === "web" && values.token_endpoint_auth_method === "none")
                  set("token_endpoint_auth_method", "client_secret_basic");
              }}
              className="mt-1 accent-indigo-600"
            />
            <span>
              <span className="block text-sm font-medium text-slate-900">{kind.label}</span>
              <span className="block text-xs text-slate-600">{kind.help}</span>
            </span>
          </label>
        ))}
      </fieldset>

      <Select
        label="Token endpoint authentication"
        value={publicClient && mode === "create" && values.kind === "user-agent" ? "none" : values.token_endpoint_auth_method}
        onChange={(event) => set("token_endpoint_auth_method", event.target.value as ClientFormValues["token_endpoint_auth_method"])}
        disabled={mode === "edit" || values.kind === "user-agent"}
        hint={
          mode === "edit"
            ? "Fixed once created: a client that holds a secret and one that cannot are different clients."
            : "How the client proves itself at the token endpoint. “None” is a public client (no secret, PKCE only)."
        }
        options={[
          { value: "client_secret_basic", label: "Client secret, HTTP Basic (client_secret_basic)" },
          { value: "client_secret_post", label: "Client secret in the form body (client_secret_post)" },
          { value: "none", label: "None: public client (none)" },
        ]}
      />

      <Textarea
        label="Redirect URIs"
        {...text("redirect_uris")}
        hint="One per line. Exact match; where the provider sends people back after sign-in."
        rows={3}
      />
      <Textarea
        label="Post-logout redirect URIs"
        {...text("post_logout_redirect_uris")}
        hint="One per line. Where RP-initiated logout may send people afterwards."
        rows={2}
      />

      <Input
        label="Back-channel logout URI"
        {...text("backchannel_logout_uri")}
        placeholder="https://app.example/backchannel-logout"
        hint="Optional. The provider posts a signed logout_token here whenever a person's session ends (sign-out, ban, revoked sessions), so the application can end its own session. https, or http on localhost. Setting it also enables end session, so ID tokens carry sid."
      />
      {values.backchannel_logout_uri ? (
        <Checkbox
          label="Logout tokens must name the session (backchannel_logout_session_required)"
          {...check("backchannel_logout_session_required")}
          hint="For applications that match logouts by sid only; they then get no logout for tokens issued outside a session."
        />
      ) : null}

      <fieldset className="flex flex-col gap-3">
        <legend className="mb-1 text-sm font-medium text-slate-800">Grant types</legend>
        <Checkbox label="Authorization code (people sign in)" {...check("authorization_code")} />
        <Checkbox label="Device code (TVs and CLIs, RFC 8628)" {...check("device_code")} />
        <Checkbox
          label="Refresh tokens (with the offline_access scope)"
          {...check("refresh_token")}
          disabled={!values.authorization_code && !values.device_code}
        />
        <Checkbox label="Client credentials (machine to machine)" {...check("client_credentials")} disabled={publicClient} />
        {errors.authorization_code ? <p className="text-xs font-medium text-red-700">{errors.authorization_code}</p> : null}
        {errors.client_credentials ? <p className="text-xs font-medium text-red-700">{errors.client_credentials}</p> : null}
      </fieldset>

      <Input
        label="Allowed scopes"
        {...text("scope")}
        placeholder="openid profile email offline_access"
        hint="Space-separated. Empty: every scope the provider offers."
      />
      {values.client_credentials ? (
        <Input
          label="Client-credentials scopes"
          {...text("client_credentials_scopes")}
          placeholder="api:read"
          hint="Space-separated API scopes this client may get for itself (machine to machine)."
        />
      ) : null}

      <fieldset className="flex flex-col gap-3">
        <legend className="mb-1 text-sm font-medium text-slate-800">Behaviour</legend>
        <Checkbox
          label="Require PKCE"
          {...check("require_pkce")}
          disabled={publicClient}
          hint="On by default. A confidential client (it holds a secret) whose sign-in sends only state, such as one written for Authentik with passport or a plain redirect, gets “PKCE is required” until it is turned off; turn it off only for such a client, never for a public one, and prefer adding PKCE to the client."
        />
        {!values.require_pkce ? (
          <Alert tone="warning" title="PKCE off">
            Without PKCE a stolen authorization code can be redeemed by whoever holds the client secret. Keep it on unless the client cannot send a
            code_challenge. Then keep the secret on the server only and, if the client uses OpenID Connect, have it send a nonce.
          </Alert>
        ) : null}
        {errors.require_pkce ? <p className="text-xs font-medium text-red-700">{errors.require_pkce}</p> : null}
        <Checkbox label="Skip consent" {...check("skip_consent")} hint="For first-party apps only: people are not asked to approve the scopes." />
        <Checkbox label="Enable end session (RP-initiated logout)" {...check("enable_end_session")} />
      </fieldset>

      <div className="grid gap-4 sm:grid-cols-2">
        <Input label="Logo URL" {...text("logo_uri")} placeholder="https://app.example/logo.png" />
        <Input label="Home page URL" {...text("client_uri")} placeholder="https://app.example" />
        <Input label="Privacy policy URL" {...text("policy_uri")} />
        <Input label="Terms of service URL" {...text("tos_uri")} />
      </div>

      <div className="flex gap-2">
        <Button type="submit" disabled={busy}>
          {busy ? "Saving…" : submitLabel}
        </Button>
        {onCancel ? (
          <Button variant="secondary" onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
