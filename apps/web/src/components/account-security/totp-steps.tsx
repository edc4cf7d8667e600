"use client";

import { Button, Input } from "@iam/ui";
import type { FormEvent, ReactNode } from "react";
import { useState } from "react";
import { QrCode } from "./qr-code";
import { messageOf, totpKey } from "./security-api";

/** A named field of the submitted form, as text. */
export function field(event: FormEvent<HTMLFormElement>, name: string): string {
  return String(new FormData(event.currentTarget).get(name) ?? "");
}

/** One step's call at a time: `busy` while it runs, its failure as the API's message in `error`. */
export function useStepAction() {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run };
}

/**
 * The authenticator app's setup after the password: the QR code, the key as text for those who
 * cannot scan, and the first code that turns the factor on (the account page and the enrollment a
 * sign-in requires both use it).
 */
export function TotpScanForm(props: {
  totpURI: string;
  busy: boolean;
  submit: string;
  fullWidth?: boolean;
  cancel?: ReactNode;
  onCode: (code: string) => void;
}) {
  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        props.onCode(field(event, "code").replace(/\s+/g, ""));
      }}
    >
      <p className="text-sm text-slate-600">Scan this code with your authenticator app, then enter the 6-digit code it shows.</p>
      <QrCode value={props.totpURI} label="QR code for your authenticator app" />
      <div className="flex flex-col gap-1">
        <span className="text-sm text-slate-600">Can't scan? Enter this key in the app:</span>
        <code className="break-all rounded bg-slate-50 p-2 font-mono text-sm" data-testid="totp-key">
          {totpKey(props.totpURI)}
        </code>
      </div>
      <Input label="Code from the app" name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]{6,7}" maxLength={7} required />
      <div className="flex gap-2">
        <Button type="submit" disabled={props.busy} fullWidth={props.fullWidth}>
          {props.submit}
        </Button>
        {props.cancel}
      </div>
    </form>
  );
}
