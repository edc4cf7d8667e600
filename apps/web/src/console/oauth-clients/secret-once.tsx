"use client";

import { Alert, CopyButton } from "@iam/ui";

/**
 * The client secret, shown this once: the server keeps only a hash, so it can never be shown
 * again. Leaving the page forgets it.
 */
export function SecretOnce({ clientId, clientSecret, title = "Client created" }: { clientId: string; clientSecret?: string; title?: string }) {
  return (
    <section className="flex flex-col gap-4 rounded-xl border border-emerald-200 bg-white p-6 shadow-sm" data-testid="secret-once">
      <h2 className="text-lg font-semibold text-slate-900">{title}</h2>
      <dl className="grid gap-3 text-sm">
        <CopyableField term="Client ID" value={clientId} copyLabel="Copy client ID" testId="client-id" />
        {clientSecret ? <CopyableField term="Client secret" value={clientSecret} copyLabel="Copy secret" testId="client-secret" /> : null}
      </dl>
      {clientSecret ? (
        <Alert tone="warning" title="Copy the secret now">
          This is the only time the secret is shown. It is stored hashed and cannot be displayed again; if it is lost, rotate it.
        </Alert>
      ) : (
        <Alert tone="info">This is a public client: it has no secret and proves itself with PKCE.</Alert>
      )}
    </section>
  );
}

function CopyableField({ term, value, copyLabel, testId }: { term: string; value: string; copyLabel: string; testId: string }) {
  return (
    <div>
      <dt className="font-medium text-slate-700">{term}</dt>
      <dd className="mt-1 flex flex-wrap items-center gap-2">
        <code className="rounded bg-slate-100 px-2 py-1 break-all" data-testid={testId}>
          {value}
        </code>
        <CopyButton value={value} label={copyLabel} />
      </dd>
    </div>
  );
}
