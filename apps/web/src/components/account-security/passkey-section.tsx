"use client";

import { Alert, Button, Input } from "@iam/ui";
import type { FormEvent } from "react";
import { useCallback, useEffect, useState } from "react";
import { createCredential, passkeysSupported, wasCancelled } from "@/components/passkeys/webauthn";
import type { PasskeySummary, SecurityApi } from "./security-api";
import { messageOf } from "./security-api";

type Step = { kind: "idle" } | { kind: "add" } | { kind: "rename"; passkey: PasskeySummary } | { kind: "remove"; passkey: PasskeySummary };

const NAME_LIMIT = 64;

function labelOf(passkey: PasskeySummary): string {
  return passkey.name?.trim() || "Passkey";
}

function addedOn(passkey: PasskeySummary): string {
  const date = passkey.createdAt ? new Date(passkey.createdAt) : undefined;
  return date && !Number.isNaN(date.getTime()) ? `Added ${date.toLocaleDateString("en", { dateStyle: "medium" })}` : "";
}

function nameFrom(event: FormEvent<HTMLFormElement>): string {
  return String(new FormData(event.currentTarget).get("name") ?? "")
    .trim()
    .slice(0, NAME_LIMIT);
}

/**
 * The person's passkeys: add several (each named, so they can tell the laptop from the phone),
 * rename, remove. Removal asks for a confirmation but not the password: a passkey is an extra way
 * in, never a step a sign-in requires, so removing one does not weaken what an attacker with the
 * session would face; adding one does, so the API asks for a recent sign-in to add (fresh session).
 */
export function PasskeySection({ api }: { api: SecurityApi }) {
  const [passkeys, setPasskeys] = useState<PasskeySummary[]>();
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [supported, setSupported] = useState(true);

  const load = useCallback(async () => setPasskeys(await api.listPasskeys()), [api]);
  useEffect(() => {
    setSupported(passkeysSupported());
    load().catch((failure: unknown) => setError(messageOf(failure)));
  }, [load]);

  async function run(action: () => Promise<string | undefined>) {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      const done = await action();
      await load();
      setStep({ kind: "idle" });
      setNotice(done);
    } catch (failure) {
      if (!wasCancelled(failure)) setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  const cancel = (
    <Button variant="ghost" onClick={() => setStep({ kind: "idle" })} disabled={busy}>
      Cancel
    </Button>
  );

  return (
    <section className="flex flex-col gap-4" aria-labelledby="passkeys-heading" data-testid="passkey-section">
      <h2 id="passkeys-heading" className="text-base font-semibold text-slate-900">
        Passkeys
      </h2>
      <p className="text-sm text-slate-600">
        Sign in with your fingerprint, face or device PIN instead of a password, or use a passkey as the second step after your password.
      </p>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {!supported ? <Alert tone="warning">This browser cannot create passkeys here.</Alert> : null}

      {passkeys && passkeys.length > 0 ? (
        <ul className="flex flex-col divide-y divide-slate-200 rounded-lg border border-slate-200" data-testid="passkey-list">
          {passkeys.map((passkey) => (
            <li key={passkey.id} className="flex flex-wrap items-center justify-between gap-2 p-3">
              <div className="flex flex-col">
                <span className="text-sm font-medium text-slate-900">{labelOf(passkey)}</span>
                <span className="text-xs text-slate-500">{addedOn(passkey)}</span>
              </div>
              <div className="flex gap-2">
                <Button variant="secondary" onClick={() => setStep({ kind: "rename", passkey })} disabled={busy} aria-label={`Rename ${labelOf(passkey)}`}>
                  Rename
                </Button>
                <Button variant="danger" onClick={() => setStep({ kind: "remove", passkey })} disabled={busy} aria-label={`Remove ${labelOf(passkey)}`}>
                  Remove
                </Button>
              </div>
            </li>
          ))}
        </ul>
      ) : passkeys ? (
        <p className="text-sm text-slate-600">You have no passkeys yet.</p>
      ) : null}

      {step.kind === "idle" && supported ? (
        <div>
          <Button onClick={() => setStep({ kind: "add" })} disabled={busy}>
            Add a passkey
          </Button>
        </div>
      ) : null}

      {step.kind === "add" ? (
        <form
          className="flex flex-col gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            const name = nameFrom(event) || "Passkey";
            void run(async () => {
              const credential = await createCredential(await api.passkeyRegistrationOptions(name));
              await api.registerPasskey(credential, name);
              return `Passkey “${name}” added.`;
            });
          }}
        >
          <Input label="Passkey name" name="name" maxLength={NAME_LIMIT} placeholder="Work laptop" hint="So you can tell your passkeys apart." autoFocus />
          <div className="flex gap-2">
            <Button type="submit" disabled={busy}>
              Create passkey
            </Button>
            {cancel}
          </div>
        </form>
      ) : null}

      {step.kind === "rename" ? (
        <form
          className="flex flex-col gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            const name = nameFrom(event);
            if (!name) return;
            void run(async () => {
              await api.renamePasskey(step.passkey.id, name);
              return "Passkey renamed.";
            });
          }}
        >
          <Input label="New name" name="name" defaultValue={labelOf(step.passkey)} maxLength={NAME_LIMIT} required autoFocus />
          <div className="flex gap-2">
            <Button type="submit" disabled={busy}>
              Save name
            </Button>
            {cancel}
          </div>
        </form>
      ) : null}

      {step.kind === "remove" ? (
        <div className="flex flex-col gap-3" role="alertdialog" aria-labelledby="remove-passkey-question">
          <p id="remove-passkey-question" className="text-sm text-slate-900">
            Remove the passkey “{labelOf(step.passkey)}”? You will no longer be able to sign in with it. Your password keeps working.
          </p>
          <div className="flex gap-2">
            <Button
              variant="danger"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  await api.removePasskey(step.passkey.id);
                  return "Passkey removed.";
                })
              }
            >
              Remove passkey
            </Button>
            {cancel}
          </div>
        </div>
      ) : null}
    </section>
  );
}
