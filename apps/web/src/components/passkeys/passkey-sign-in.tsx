"use client";

import { Alert, Button } from "@iam/ui";
import { useEffect, useState } from "react";
import { ApiError, requestJson } from "@/lib/json-request";
import type { PasskeyRequestOptions } from "./webauthn";
import { getAssertion, passkeysSupported, wasCancelled } from "./webauthn";

interface Props {
  apiUrl: string;
  /** The signed authorization query the page was reached with: the sign-in resumes it. */
  oauthQuery?: string;
  /** Without an authorization: the console page to go to once signed in. */
  callbackURL?: string;
  /** On /two-factor: the passkey is the second step of the challenge the password opened. */
  secondFactor?: boolean;
  /** The authenticator must verify the person (the sign-in must count as multi-factor). */
  requireUserVerification?: boolean;
  label: string;
}

const MESSAGES: Record<string, string> = {
  PASSKEY_NOT_FOUND: "This passkey is not registered here (it may have been removed). Use your password instead.",
  AUTHENTICATION_FAILED: "The passkey could not be verified. Try again.",
  CHALLENGE_NOT_FOUND: "That took too long. Try again.",
};

function messageOf(error: unknown): string {
  if (error instanceof ApiError && error.code && MESSAGES[error.code]) return MESSAGES[error.code]!;
  return error instanceof Error ? error.message : "Something went wrong.";
}

/**
 * "Sign in with a passkey": asks the browser for one of this site's passkeys (discoverable, so no
 * email is typed), has the API verify it with the signed `oauth_query` in the same JSON, and
 * follows the API's answer — consent or the relying party with its code — as the password form
 * does. Passkeys need JavaScript; without it the page says so and the password form still works.
 */
export function PasskeySignIn({ apiUrl, oauthQuery, callbackURL, secondFactor, requireUserVerification, label }: Props) {
  const [supported, setSupported] = useState<boolean>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => setSupported(passkeysSupported()), []);

  async function signIn() {
    setBusy(true);
    setError(undefined);
    try {
      const query = secondFactor ? "?second_factor=true" : "";
      const options = await requestJson<PasskeyRequestOptions>("GET", `${apiUrl}/api/auth/passkey/generate-authenticate-options${query}`);
      const response = await getAssertion(requireUserVerification ? { ...options, userVerification: "required" } : options);
      const answer = await requestJson<{ url?: unknown } | null>("POST", `${apiUrl}/api/auth/passkey/verify-authentication`, {
        response,
        ...(oauthQuery ? { oauth_query: oauthQuery } : {}),
        ...(secondFactor ? { second_factor: true } : {}),
      });
      // With an authorization, the OAuth plugin answers where it goes on to (consent or the client).
      const next = typeof answer?.url === "string" ? answer.url : (callbackURL ?? "/");
      window.location.assign(next);
    } catch (failure) {
      if (!wasCancelled(failure)) setError(messageOf(failure));
      setBusy(false);
    }
  }

  return (
    <div className="flex flex-col gap-3" data-testid="passkey-sign-in">
      {/* Rendered by the server and replaced once the script runs: without JavaScript it stays. */}
      {supported === undefined ? (
        <p className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900">Signing in with a passkey needs JavaScript. Turn it on, or use your password.</p>
      ) : null}
      {supported === false ? <p className="text-sm text-slate-600">This browser cannot use passkeys here.</p> : null}
      {error ? <Alert tone="error">{error}</Alert> : null}
      {supported ? (
        <Button variant="secondary" fullWidth onClick={() => void signIn()} disabled={busy}>
          {label}
        </Button>
      ) : null}
    </div>
  );
}
