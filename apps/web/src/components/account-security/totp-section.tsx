"use client";

import { Alert, Badge, Button, Input } from "@iam/ui";
import type { ReactNode } from "react";
import { useState } from "react";
import { BackupCodeList } from "./backup-code-list";
import type { SecurityApi } from "./security-api";
import { field, TotpScanForm, useStepAction } from "./totp-steps";

type Step =
  | { kind: "idle" }
  | { kind: "password" }
  | { kind: "scan"; totpURI: string; backupCodes: string[] }
  | { kind: "codes"; backupCodes: string[] }
  | { kind: "regenerate" }
  | { kind: "remove" };

/** A change that asks for the current password first (new backup codes, removing the app). */
function PasswordStep(props: {
  explanation: string;
  submit: string;
  danger?: boolean;
  busy: boolean;
  cancel: ReactNode;
  onPassword: (password: string) => Promise<void>;
}) {
  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        void props.onPassword(field(event, "password"));
      }}
    >
      <p className="text-sm text-slate-600">{props.explanation}</p>
      <Input label="Current password" name="password" type="password" autoComplete="current-password" required autoFocus />
      <div className="flex gap-2">
        <Button type="submit" variant={props.danger ? "danger" : "primary"} disabled={props.busy}>
          {props.submit}
        </Button>
        {props.cancel}
      </div>
    </form>
  );
}

/**
 * The authenticator app (TOTP) and its backup codes. Enrolling asks for the password, shows the
 * QR code and the key as text, and turns the factor on only once a first code from the app is
 * confirmed; only then are the backup codes shown, once. Regenerating and removing ask for the
 * password again.
 */
export function TotpSection({ api, enabled, onChanged }: { api: SecurityApi; enabled: boolean; onChanged: () => Promise<void> }) {
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const { busy, error, run } = useStepAction();

  const cancel = (
    <Button variant="ghost" onClick={() => setStep({ kind: "idle" })} disabled={busy}>
      Cancel
    </Button>
  );

  return (
    <section className="flex flex-col gap-4" aria-labelledby="totp-heading" data-testid="totp-section">
      <div className="flex items-center justify-between gap-2">
        <h2 id="totp-heading" className="text-base font-semibold text-slate-900">
          Authenticator app
        </h2>
        <Badge tone={enabled ? "success" : "neutral"}>{enabled ? "On" : "Off"}</Badge>
      </div>
      {error ? <Alert tone="error">{error}</Alert> : null}

      {step.kind === "idle" && !enabled ? (
        <div className="flex flex-col gap-2">
          <p className="text-sm text-slate-600">
            Sign-ins will ask for a code from an app such as Google Authenticator, 1Password or Aegis after your password.
          </p>
          <Button onClick={() => setStep({ kind: "password" })}>Set up authenticator app</Button>
        </div>
      ) : null}

      {step.kind === "idle" && enabled ? (
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" onClick={() => setStep({ kind: "regenerate" })}>
            New backup codes
          </Button>
          <Button variant="danger" onClick={() => setStep({ kind: "remove" })}>
            Remove authenticator app
          </Button>
        </div>
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
          <Input label="Current password" name="password" type="password" autoComplete="current-password" required autoFocus />
          <div className="flex gap-2">
            <Button type="submit" disabled={busy}>
              Continue
            </Button>
            {cancel}
          </div>
        </form>
      ) : null}

      {step.kind === "scan" ? (
        <TotpScanForm
          totpURI={step.totpURI}
          busy={busy}
          submit="Turn on"
          cancel={cancel}
          onCode={(code) =>
            run(async () => {
              await api.confirmTotp(code);
              await onChanged();
              setStep({ kind: "codes", backupCodes: step.backupCodes });
            })
          }
        />
      ) : null}

      {step.kind === "codes" ? (
        <div className="flex flex-col gap-3">
          <Alert tone="success">Your authenticator app is on.</Alert>
          <BackupCodeList codes={step.backupCodes} />
          <Button onClick={() => setStep({ kind: "idle" })}>Done</Button>
        </div>
      ) : null}

      {step.kind === "regenerate" ? (
        <PasswordStep
          explanation="New codes replace all the old ones."
          submit="Create new codes"
          busy={busy}
          cancel={cancel}
          onPassword={(password) =>
            run(async () => {
              const generated = await api.regenerateBackupCodes(password);
              setStep({ kind: "codes", backupCodes: generated.backupCodes });
            })
          }
        />
      ) : null}

      {step.kind === "remove" ? (
        <PasswordStep
          explanation="Sign-ins will no longer ask for a code, and your backup codes stop working."
          submit="Remove"
          danger
          busy={busy}
          cancel={cancel}
          onPassword={(password) =>
            run(async () => {
              await api.disableTotp(password);
              await onChanged();
              setStep({ kind: "idle" });
            })
          }
        />
      ) : null}
    </section>
  );
}
