"use client";

import { Alert, Button, Input } from "@iam/ui";
import { useEffect, useMemo, useState } from "react";
import { PasskeySignIn } from "@/components/passkeys/passkey-sign-in";
import { createCredential, passkeysSupported, requiringUserVerification, wasCancelled } from "@/components/passkeys/webauthn";
import { BackupCodeList } from "./backup-code-list";
import { securityApi } from "./security-api";
import { field, TotpScanForm, useStepAction } from "./totp-steps";

type Step =
  | { kind: "password" }
  | { kind: "scan"; totpURI: string; backupCodes: string[] }
  | { kind: "done"; next: string; backupCodes: string[] }
  | { kind: "passkey-added" };

/**
 * Setting up a second factor because one is required (by the application or the console's
 * settings), in the middle of a sign-in. An authenticator app: the password, then the QR code and
 * the key as text, then a first code; confirming it replaces the session with a multi-factor one
 * and, inside an authorization, the provider answers where it continues; the backup codes are
 * shown once before the person goes on. Or a passkey (where the browser has them): created with a
 * session signed in within the last ten minutes (the API refuses older ones), with the
 * authenticator verifying the person, then used at once to sign in, which gives the multi-factor
 * session and resumes the authorization as a passkey sign-in does anywhere.
 */
export function EnrollFlow({ apiUrl, oauthQuery, next, startOver }: { apiUrl: string; oauthQuery?: string; next: string; startOver: string }) {
  const api = useMemo(() => securityApi(apiUrl), [apiUrl]);
  const [step, setStep] = useState<Step>({ kind: "password" });
  const { busy, error, run } = useStepAction();
  const [canUsePasskeys, setCanUsePasskeys] = useState(false);
  useEffect(() => setCanUsePasskeys(passkeysSupported()), []);

  return (
    <div className="flex flex-col gap-4" data-testid="enroll-second-factor">
      <noscript>
        <Alert tone="warning">Setting up an authenticator app needs JavaScript. Turn it on, or set one up from another browser, then sign in again.</Alert>
      </noscript>
      {error ? (
        <Alert tone="error">
          {error} {/sign in|session/i.test(error) ? <a href={startOver}>Sign in again</a> : null}
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
            A second factor is required to continue. Set up an authenticator app such as Google Authenticator, 1Password or Aegis (first, confirm your
            password), or use a passkey on this device.
          </p>
          <Input label="Password" name="password" type="password" autoComplete="current-password" required autoFocus />
          <Button type="submit" disabled={busy} fullWidth>
            Continue
          </Button>
          {canUsePasskeys ? (
            <Button
              type="button"
              variant="secondary"
              disabled={busy}
              fullWidth
              onClick={() =>
                void run(async () => {
                  const name = "Passkey";
                  try {
                    const options = requiringUserVerification(await api.passkeyRegistrationOptions(name));
                    await api.registerPasskey(await createCredential(options), name);
                  } catch (failure) {
                    // Cancelling the browser's dialog is a choice, not an error: stay on this step.
                    if (wasCancelled(failure)) return;
                    throw failure;
                  }
                  setStep({ kind: "passkey-added" });
                })
              }
            >
              Use a passkey instead
            </Button>
          ) : null}
        </form>
      ) : null}

      {step.kind === "passkey-added" ? (
        <div className="flex flex-col gap-3">
          <Alert tone="success">Your passkey is added. Use it now to continue; you can name it on your account page.</Alert>
          <PasskeySignIn apiUrl={apiUrl} oauthQuery={oauthQuery} callbackURL={next} requireUserVerification label="Continue with your passkey" />
        </div>
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
