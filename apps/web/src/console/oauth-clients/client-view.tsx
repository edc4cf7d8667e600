"use client";

import { Alert, Badge, Button, ButtonLink, ConfirmDialog } from "@iam/ui";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { errorMessage } from "@/console/api/api-client";
import { PageHeader } from "@/console/shell/page-header";
import { ClientDetails } from "./client-details";
import { ConnectPanel } from "./connect-panel";
import { forgetFreshSecret, peekFreshSecret } from "./fresh-secret";
import { ClientForm } from "./client-form";
import { ClientLogoutPanel } from "./client-logout-panel";
import { formFromClient } from "./client-form-schema";
import { SecretOnce } from "./secret-once";
import { TokenFailures } from "./token-failures";
import { TokenSettings } from "./token-settings";
import { RotateSecretDialog, SecretState, useRotateSecret } from "./secret-rotation";
import { useClient, useDeleteClient, useUpdateClient } from "./use-clients";

type Dialog = "rotate" | "toggle" | "delete" | null;

/** One client: all its metadata, the edit form, and rotate / disable / delete. */
export function ClientView({ clientId }: { clientId: string }) {
  const router = useRouter();
  const client = useClient(clientId);
  const update = useUpdateClient(clientId);
  const toggle = useUpdateClient(clientId);
  const rotate = useRotateSecret(clientId);
  const remove = useDeleteClient(clientId);
  const [editing, setEditing] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  // Just created on /oauth-clients/new: its credentials, this once (gone after a reload).
  const [fresh] = useState(() => peekFreshSecret(clientId));
  useEffect(() => forgetFreshSecret(clientId), [clientId]);

  if (client.isPending)
    return (
      <p role="status" className="text-sm text-slate-500">
        Loading the client…
      </p>
    );
  if (client.isError) {
    return (
      <Alert tone="error" title="This client cannot be shown">
        <p>{errorMessage(client.error)}</p>
        <ButtonLink href="/oauth-clients" className="mt-3">
          Back to clients
        </ButtonLink>
      </Alert>
    );
  }
  const data = client.data;
  const name = data.client_name || data.client_id;
  return (
    <>
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            {name} {data.disabled ? <Badge tone="danger">disabled</Badge> : <Badge tone="success">enabled</Badge>}
            {data.dynamically_registered ? <Badge tone="info">dynamically registered</Badge> : null}
            {data.subject_type === "pairwise" ? <Badge tone="neutral">pairwise sub</Badge> : null}
            {data.dpop_bound_access_tokens ? <Badge tone="neutral">DPoP</Badge> : null}
          </span>
        }
        description={<code className="text-xs">{data.client_id}</code>}
        actions={
          <>
            {!editing ? (
              <Button variant="secondary" onClick={() => setEditing(true)}>
                Edit
              </Button>
            ) : null}
            {data.client_type === "confidential" ? (
              <Button variant="secondary" onClick={() => setDialog("rotate")}>
                Rotate secret
              </Button>
            ) : null}
            <Button variant="secondary" onClick={() => setDialog("toggle")}>
              {data.disabled ? "Enable" : "Disable"}
            </Button>
            <Button variant="danger" onClick={() => setDialog("delete")}>
              Delete
            </Button>
          </>
        }
      />
      <div className="flex max-w-4xl flex-col gap-6">
        {fresh ? <SecretOnce clientId={data.client_id} clientSecret={fresh.clientSecret} /> : null}
        {rotate.data?.client_secret ? <SecretOnce clientId={data.client_id} clientSecret={rotate.data.client_secret} title="New secret" /> : null}
        {data.client_type === "confidential" ? <SecretState clientId={data.client_id} /> : null}
        {update.isSuccess && !editing ? <Alert tone="success">Changes saved.</Alert> : null}
        <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          {editing ? (
            <ClientForm
              key={data.updated_at}
              mode="edit"
              initial={formFromClient(data)}
              submitLabel="Save changes"
              busy={update.isPending}
              serverError={errorMessage(update.error)}
              onCancel={() => setEditing(false)}
              onSubmit={(body) => update.mutate(body, { onSuccess: () => setEditing(false) })}
            />
          ) : (
            <ClientDetails client={data} />
          )}
        </section>
        <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <TokenSettings key={data.updated_at} client={data} />
        </section>
        <TokenFailures clientId={data.client_id} />
        <ClientLogoutPanel clientId={data.client_id} />
        <ConnectPanel client={data} />
      </div>

      <RotateSecretDialog open={dialog === "rotate"} rotate={rotate} onClose={() => setDialog(null)} />
      <ConfirmDialog
        open={dialog === "toggle"}
        title={data.disabled ? "Enable this client?" : "Disable this client?"}
        confirmLabel={data.disabled ? "Enable" : "Disable"}
        tone={data.disabled ? "primary" : "danger"}
        busy={toggle.isPending}
        error={errorMessage(toggle.error)}
        onCancel={() => setDialog(null)}
        onConfirm={() => toggle.mutate({ disabled: !data.disabled }, { onSuccess: () => setDialog(null) })}
      >
        {data.disabled
          ? "The client can sign people in and use its tokens again."
          : "Sign-ins and token requests from this client are refused until it is enabled again. Its consents and tokens are kept."}
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === "delete"}
        title="Delete this client?"
        confirmLabel="Delete client"
        confirmText={name}
        busy={remove.isPending}
        error={errorMessage(remove.error)}
        onCancel={() => setDialog(null)}
        onConfirm={() => remove.mutate(undefined, { onSuccess: () => router.push("/oauth-clients") })}
      >
        The client, every consent given to it and all its access and refresh tokens are deleted. This cannot be undone.
      </ConfirmDialog>
    </>
  );
}
