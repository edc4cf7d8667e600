"use client";

import { Alert, Button, Input, Textarea } from "@iam/ui";
import type { FormEvent } from "react";
import { useState } from "react";
import type { ApiResource } from "@/console/api/types";
import type { CreateApiResourceBody } from "@iam/schemas";

const words = (text: string) => text.split(/[\s,]+/).filter(Boolean);

export type ApiResourceFormBody = Omit<CreateApiResourceBody, "identifier"> & { identifier?: string };

export interface ApiResourceFormProps {
  initial?: ApiResource;
  busy: boolean;
  serverError?: string;
  /** The identifier only on creation: it cannot change. */
  onSubmit: (body: ApiResourceFormBody) => void;
  onCancel?: () => void;
}

/** Declare or edit an API: identifier (fixed once declared), name, scopes, clients, token lifetime. */
export function ApiResourceForm({ initial, busy, serverError, onSubmit, onCancel }: ApiResourceFormProps) {
  const [identifier, setIdentifier] = useState(initial?.identifier ?? "");
  const [name, setName] = useState(initial?.name ?? "");
  const [scopes, setScopes] = useState(initial?.scopes.join(" ") ?? "");
  const [clients, setClients] = useState(initial?.client_ids.join("\n") ?? "");
  const [lifetime, setLifetime] = useState(initial?.access_token_lifetime ? String(initial.access_token_lifetime / 60) : "");
  const [error, setError] = useState<string>();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!initial && !URL.canParse(identifier.trim())) return setError("The identifier is an absolute URI, e.g. https://api.example.com");
    if (words(scopes).length === 0) return setError("An API needs at least one scope");
    const minutes = lifetime.trim() ? Number(lifetime) : null;
    if (minutes !== null && (!Number.isInteger(minutes) || minutes < 1 || minutes > 60)) return setError("The lifetime is 1 to 60 whole minutes, or empty");
    setError(undefined);
    onSubmit({
      ...(initial ? {} : { identifier: identifier.trim() }),
      name: name.trim(),
      scopes: words(scopes),
      client_ids: words(clients),
      access_token_lifetime: minutes === null ? null : minutes * 60,
    });
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4" data-testid="api-resource-form">
      {serverError || error ? (
        <Alert tone="error" title="These settings cannot be saved">
          {error ?? serverError}
        </Alert>
      ) : null}
      <Input
        label="Identifier"
        value={identifier}
        onChange={(event) => setIdentifier(event.target.value)}
        disabled={Boolean(initial)}
        placeholder="https://api.example.com"
        hint="The API's URI: applications send it as resource=, and it is the aud of the tokens the API receives. Fixed once declared."
      />
      <Input label="Name" value={name} onChange={(event) => setName(event.target.value)} placeholder="Orders API" />
      <Input
        label="Scopes"
        value={scopes}
        onChange={(event) => setScopes(event.target.value)}
        placeholder="api:read api:write"
        hint="Space-separated, among the provider's scopes (API_SCOPES, and email, profile, organization for the claims the API needs). A token for this API carries only these."
      />
      <Textarea
        label="Clients allowed to request it"
        value={clients}
        onChange={(event) => setClients(event.target.value)}
        rows={3}
        hint="Client ids, one per line. Any other client asking for this API gets invalid_target."
      />
      <Input
        label="Token lifetime (minutes)"
        type="number"
        value={lifetime}
        onChange={(event) => setLifetime(event.target.value)}
        hint="Empty: the provider's (60 minutes). A JWT cannot be recalled before it expires, so shorter is safer."
      />
      <div className="flex gap-2">
        <Button type="submit" disabled={busy}>
          {busy ? "Saving…" : initial ? "Save API" : "Declare API"}
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
