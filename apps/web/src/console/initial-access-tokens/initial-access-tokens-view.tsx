"use client";

import type { InitialAccessTokenView } from "@iam/schemas";
import { Alert, Badge, Button, ConfirmDialog, CopyButton, DataTable, Input, Select } from "@iam/ui";
import type { BadgeTone } from "@iam/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { useState } from "react";
import { errorMessage, read } from "@/console/api/api-client";
import { useApi } from "@/console/api/api-context";
import { formatDate } from "@/console/shell/format";
import { PageHeader } from "@/console/shell/page-header";

const KEY = ["initial-access-tokens"] as const;
const STATUS: Record<InitialAccessTokenView["status"], BadgeTone> = { active: "success", revoked: "neutral", expired: "warning" };
const LIFETIMES = [
  { value: "", label: "Until revoked" },
  { value: "3600", label: "1 hour" },
  { value: "86400", label: "24 hours" },
  { value: "2592000", label: "30 days" },
];

/** RFC 7591 initial access tokens: issue (shown once), list, revoke. */
export function InitialAccessTokensView() {
  const api = useApi();
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: KEY, queryFn: () => read(api.api.admin["initial-access-tokens"].$get()) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: KEY });
  const issue = useMutation({
    mutationFn: (body: { name: string; expires_in?: number }) => read(api.api.admin["initial-access-tokens"].$post({ json: body })),
    onSuccess: refresh,
  });
  const revoke = useMutation({
    mutationFn: (id: string) => read(api.api.admin["initial-access-tokens"][":id"].$delete({ param: { id } })),
    onSuccess: refresh,
  });
  const [name, setName] = useState("");
  const [lifetime, setLifetime] = useState("");
  const [revoking, setRevoking] = useState<InitialAccessTokenView | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    issue.mutate({ name, ...(lifetime ? { expires_in: Number(lifetime) } : {}) }, { onSuccess: () => setName("") });
  };
  return (
    <>
      <PageHeader
        title="Client registration"
        description="Initial access tokens let a team or a tool register OAuth clients itself at the registration endpoint (RFC 7591). Clients registered this way require PKCE, always ask for consent, get only the OpenID scopes, and are marked “dynamically registered”."
      />
      <div className="flex max-w-4xl flex-col gap-6">
        <form onSubmit={submit} className="flex flex-col gap-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" aria-label="Issue a token">
          <Input
            label="What is it for?"
            value={name}
            onChange={(event) => setName(event.target.value)}
            required
            maxLength={200}
            placeholder="CI of team payments"
          />
          <Select label="Valid" value={lifetime} onChange={(event) => setLifetime(event.target.value)} options={LIFETIMES} />
          {issue.error ? <Alert tone="error">{errorMessage(issue.error)}</Alert> : null}
          <div>
            <Button type="submit" disabled={issue.isPending}>
              Issue token
            </Button>
          </div>
        </form>
        {issue.data ? (
          <section className="flex flex-col gap-3 rounded-xl border border-emerald-200 bg-white p-6 shadow-sm" data-testid="token-once">
            <h2 className="text-lg font-semibold text-slate-900">Token for “{issue.data.name}”</h2>
            <div className="flex flex-wrap items-center gap-2">
              <code className="break-all text-sm" data-testid="initial-access-token">
                {issue.data.token}
              </code>
              <CopyButton value={issue.data.token} label="Copy token" />
            </div>
            <Alert tone="warning" title="Copy the token now">
              This is the only time it is shown; only its hash is stored. Send it as <code>Authorization: Bearer …</code> to the registration endpoint.
            </Alert>
          </section>
        ) : null}
        <DataTable<InitialAccessTokenView>
          caption="Initial access tokens"
          rows={tokens.data?.tokens}
          rowKey={(token) => token.id}
          loading={tokens.isPending}
          error={errorMessage(tokens.error)}
          empty="No token yet: nobody can register a client at the registration endpoint unless registration is open."
          columns={[
            { key: "name", header: "For", cell: (token) => token.name },
            { key: "status", header: "Status", cell: (token) => <Badge tone={STATUS[token.status]}>{token.status}</Badge> },
            { key: "created", header: "Issued", cell: (token) => formatDate(token.created_at) },
            { key: "expires", header: "Expires", cell: (token) => (token.expires_at ? formatDate(token.expires_at) : "when revoked") },
            { key: "used", header: "Last used", cell: (token) => formatDate(token.last_used_at) },
            {
              key: "actions",
              header: "",
              cell: (token) =>
                token.status === "active" ? (
                  <Button variant="secondary" onClick={() => setRevoking(token)}>
                    Revoke
                  </Button>
                ) : null,
            },
          ]}
        />
      </div>
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke “${revoking?.name ?? ""}”?`}
        confirmLabel="Revoke token"
        busy={revoke.isPending}
        error={errorMessage(revoke.error)}
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })}
      >
        Registrations with this token are refused from now on. Clients it already registered keep working.
      </ConfirmDialog>
    </>
  );
}
