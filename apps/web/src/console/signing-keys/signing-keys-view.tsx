"use client";

import { Alert, Badge, Button, ConfirmDialog, DataTable } from "@iam/ui";
import type { BadgeTone } from "@iam/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage, read } from "@/console/api/api-client";
import { useApi } from "@/console/api/api-context";
import { queryKeys } from "@/console/api/query-keys";
import type { SigningKey } from "@/console/api/types";
import { formatDate } from "@/console/shell/format";
import { PageHeader } from "@/console/shell/page-header";

const STATUS: Record<SigningKey["status"], { tone: BadgeTone; label: string }> = {
  active: { tone: "success", label: "active: signs new tokens" },
  standby: { tone: "info", label: "published" },
  retired: { tone: "warning", label: "retired: verifies old tokens" },
  expired: { tone: "neutral", label: "expired: unpublished" },
};

function days(seconds: number): string {
  const value = Math.round(seconds / 86_400);
  return `${value} day${value === 1 ? "" : "s"}`;
}

/** The JWKS keys, and rotation with a grace period for tokens the old key signed. */
export function SigningKeysView() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const keys = useQuery({ queryKey: queryKeys.signingKeys, queryFn: () => read(api.api.admin["signing-keys"].$get()) });
  const rotate = useMutation({
    mutationFn: () => read(api.api.admin["signing-keys"].rotate.$post()),
    onSuccess: (data) => {
      queryClient.setQueryData(queryKeys.signingKeys, data);
      setConfirming(false);
    },
  });
  const grace = keys.data ? days(keys.data.grace_period_seconds) : "the grace period";
  return (
    <>
      <PageHeader
        title="Signing keys"
        description="The keys that sign ID tokens and JWT access tokens, published at the JWKS endpoint for relying parties to verify them."
        actions={
          <Button
            onClick={() => {
              rotate.reset();
              setConfirming(true);
            }}
          >
            Rotate signing key
          </Button>
        }
      />
      {rotate.isSuccess ? (
        <div className="mb-4">
          <Alert tone="success">New key active. The previous key stays published for {grace} so tokens it signed keep verifying.</Alert>
        </div>
      ) : null}
      <DataTable<SigningKey>
        caption="Signing keys"
        rows={keys.data?.keys}
        rowKey={(key) => key.kid}
        loading={keys.isPending}
        error={errorMessage(keys.error)}
        empty="No signing key yet; one is created on first use."
        columns={[
          { key: "kid", header: "Key ID (kid)", cell: (key) => <code className="text-xs break-all">{key.kid}</code> },
          { key: "alg", header: "Algorithm", cell: (key) => (key.crv ? `${key.alg} (${key.crv})` : key.alg) },
          { key: "created", header: "Created", cell: (key) => formatDate(key.created_at) },
          { key: "status", header: "Status", cell: (key) => <Badge tone={STATUS[key.status].tone}>{STATUS[key.status].label}</Badge> },
          {
            key: "until",
            header: "Published until",
            cell: (key) => (key.published_until ? formatDate(key.published_until) : key.status === "expired" ? "—" : "while active"),
          },
        ]}
      />
      <ConfirmDialog
        open={confirming}
        title="Rotate the signing key?"
        confirmLabel="Rotate key"
        tone="primary"
        busy={rotate.isPending}
        error={errorMessage(rotate.error)}
        onCancel={() => setConfirming(false)}
        onConfirm={() => rotate.mutate()}
      >
        A new RS256 key starts signing at once. The current key is retired but stays in the JWKS for {grace}, so tokens it already signed keep verifying.
        Relying parties that cache the JWKS pick up the new key when they see its kid (some libraries wait up to a minute between refetches).
      </ConfirmDialog>
    </>
  );
}
