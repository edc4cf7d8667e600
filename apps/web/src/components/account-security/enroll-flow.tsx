"use client";

import { Alert, Button, Input } from "@iam/ui";
import { useMemo, useState } from "react";
import { BackupCodeList } from "./backup-code-list";
import { securityApi } from "./security-api";
import { field, TotpScanForm, useStepAction } from "./totp-steps";

type Step = { kind: "password" } | { kind: "scan"; totpURI: string; backupCodes: string[] } | { kind: "done"; next: string; backupCodes: string[] };

/**
 * Setting up an authenticator app because a second factor is required (by the application or the
 * console's settings), in the middle of a sign-in: the password, then the QR code and the key as
 * text, then a first code. Confirming it replaces the session with a multi-factor one and, inside
 * an authorization, the provider answers where it continues; the backup codes are shown once
 * before the person goes on.
 */
export function EnrollFlow({ apiUrl, oauthQuery, next, startOver }: { apiUrl: string; oauthQuery?: string; next: string; startOver: string }) {
  const api = useMemo(() => securityApi(apiUrl), [apiUrl]);
  const [step, setStep] = useState<Step>({ kind: "password" });
  const { busy, error, run } = useStepAction();

  return (
    <div className="flex flex-col gap-4" data-testid="enroll-second-factor">
      <noscript>
        <Alert tone="warning">Setting up an authenticator app needs JavaScript. Turn it on, or set one up from another browser, then sign in again.</Alert>
      </noscript>
      {error ? (
        <Alert tone="error">
          {error} {error.includes("Sign in") || error.includes("session") ? <a href={startOver}>Sign in again</a> : null}
        </Alert>
      ) : null}

      {step.kind === "password" ? (
        <form
          className="flex flex-col gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            const password = field(event, "password");
            void run(async () => {
              const enrolled = await api.enableTotp(password);
              setStep({ kind: "scan", totpURI: enrolled.totpURI, backupCodes: enrolled.backupCodes });
            });
          }}
        >
          <p className="text-sm text-slate-600">
            A second factor is required to continue. You need an authenticator app such as Google Authenticator, 1Password or Aegis. First, confirm your
            password.
          </p>
          <Input label="Password" name="password" type="password" autoComplete="current-password" required autoFocus />
          <Button type="submit" disabled={busy} fullWidth>
            Continue
          </Button>
        </form>
      ) : null}

      {step.kind === "scan" ? (
        <TotpScanForm
          totpURI={step.totpURI}
          busy={busy}
          submit="Turn on and continue"
          fullWidth
          onCode={(code) =>
            run(async () => {
              const answer = await api.confirmTotpResuming(code, oauthQuery);
              const resumed = answer && typeof answer.url === "string" ? answer.url : undefined;
              setStep({ kind: "done", next: resumed ?? next, backupCodes: step.backupCodes });
            })
          }
        />
      ) : null}

      {step.kind === "done" ? (
        <div className="flex flex-col gap-3">
          <Alert tone="success">Your authenticator app is on.</Alert>
          <BackupCodeList codes={step.backupCodes} />
          <a
            href={step.next}
            className="inline-flex w-full items-center justify-center rounded-lg bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700"
            data-testid="enroll-continue"
          >
            I saved my backup codes, continue
          </a>
        </div>
      ) : null}
    </div>
  );
}
