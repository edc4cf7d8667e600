"use client";

import { JWT_LIFETIME_BOUNDS } from "@iam/schemas";
import { Alert, Button, Checkbox, Input, Select } from "@iam/ui";
import type { FormEvent } from "react";
import { useState } from "react";
import { errorMessage } from "@/console/api/api-client";
import type { OAuthClient } from "@/console/api/types";
import { useUpdateClient } from "./use-clients";

const minutes = (seconds: number) => `${Math.round(seconds / 60)} min`;

/**
 * How this client's tokens are issued: access token format (opaque or RFC 9068 JWT) and its
 * lifetime, whether a code exchange always yields a refresh token, and whether sign-ins to it need
 * a second factor. Saved on its own (a PATCH of these fields), beside the client's metadata form.
 */
export function TokenSettings({ client }: { client: OAuthClient }) {
  const update = useUpdateClient(client.client_id);
  const [format, setFormat] = useState(client.access_token_format);
  const [lifetime, setLifetime] = useState(String(Math.round(client.access_token_lifetime / 60)));
  const [refresh, setRefresh] = useState(client.refresh_token_policy);
  const [secondFactor, setSecondFactor] = useState(client.require_second_factor);
  const [error, setError] = useState<string>();

  function submit(event: FormEvent) {
    event.preventDefault();
    const seconds = Number(lifetime) * 60;
    if (!Number.isInteger(seconds) || seconds < JWT_LIFETIME_BOUNDS.min || seconds > JWT_LIFETIME_BOUNDS.max) {
      setError(`Between ${minutes(JWT_LIFETIME_BOUNDS.min)} and ${minutes(JWT_LIFETIME_BOUNDS.max)}, in whole minutes`);
      return;
    }
    setError(undefined);
    update.mutate({ access_token_format: format, access_token_lifetime: seconds, refresh_token_policy: refresh, require_second_factor: secondFactor });
  }

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4" data-testid="token-settings">
      <h2 className="text-base font-semibold text-slate-900">Tokens</h2>
      {update.isSuccess ? <Alert tone="success">Token settings saved.</Alert> : null}
      {update.isError ? (
        <Alert tone="error" title="The server refused these settings">
          {errorMessage(update.error)}
        </Alert>
      ) : null}
      <Select
        label="Access token format"
        value={format}
        onChange={(event) => setFormat(event.target.value as OAuthClient["access_token_format"])}
        hint="A JWT (RFC 9068, aud = this client's id) lets the application's API check tokens itself against the JWKS, but it cannot be recalled before it expires: a revoked grant or a banned user keeps API access until then, so keep it short-lived. Opaque tokens are checked by introspection and stop working at once."
        options={[
          { value: "opaque", label: "Opaque (checked by introspection; default)" },
          { value: "jwt", label: "JWT (verified by the API with the JWKS)" },
        ]}
      />
      <Input
        label="JWT access token lifetime (minutes)"
        type="number"
        min={JWT_LIFETIME_BOUNDS.min / 60}
        max={JWT_LIFETIME_BOUNDS.max / 60}
        value={lifetime}
        error={error}
        disabled={format !== "jwt"}
        onChange={(event) => setLifetime(event.target.value)}
        hint={`${minutes(JWT_LIFETIME_BOUNDS.default)} unless set here; from ${minutes(JWT_LIFETIME_BOUNDS.min)} to ${minutes(JWT_LIFETIME_BOUNDS.max)}. Opaque tokens live 60 minutes.`}
      />
      <Select
        label="Refresh tokens"
        value={refresh}
        onChange={(event) => setRefresh(event.target.value as OAuthClient["refresh_token_policy"])}
        hint="“Always” gives a refresh token on every sign-in, as Authentik and Keycloak do, for applications that never ask for offline_access. It is rotated on each use and a reused one revokes the whole family. Needs the refresh-token grant."
        options={[
          { value: "offline_access", label: "Only when the application asks for offline_access (default)" },
          { value: "always", label: "Always (code flow)" },
        ]}
      />
      <Checkbox
        label="Require a second factor"
        name="require_second_factor"
        checked={secondFactor}
        onChange={(event) => setSecondFactor(event.target.checked)}
        hint="Every sign-in to this application needs an authenticator app (or backup code): people signed in with a password only are asked for it, and people without one set it up first, then continue. The ID token says acr urn:iam:acr:mfa."
      />
      <div>
        <Button type="submit" disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Save token settings"}
        </Button>
      </div>
    </form>
  );
}
