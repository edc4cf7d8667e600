"use client";

import { OVERLAP_CHOICES } from "@iam/schemas";
import { Badge, Button, ConfirmDialog, Select } from "@iam/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useApi } from "@/console/api/api-context";
import { errorMessage, read } from "@/console/api/api-client";
import { queryKeys } from "@/console/api/query-keys";
import { formatDate } from "@/console/shell/format";

const secretKey = (clientId: string) => [...queryKeys.clients, "secret", clientId] as const;

export function useSecretState(clientId: string) {
  const api = useApi();
  return useQuery({
    queryKey: secretKey(clientId),
    queryFn: () => read(api.api.admin["oauth-clients"][":client_id"].secret.$get({ param: { client_id: clientId } })),
  });
}

/** Rotation with the overlap window the admin picked; the lists, the client and its secrets' state refresh after. */
export function useRotateSecret(clientId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (overlapSeconds: number) =>
      read(api.api.admin["oauth-clients"][":client_id"]["rotate-secret"].$post({ param: { client_id: clientId }, json: { overlap_seconds: overlapSeconds } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.clients }),
  });
}

function useEndOverlap(clientId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => read(api.api.admin["oauth-clients"][":client_id"]["previous-secret"].$delete({ param: { client_id: clientId } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: secretKey(clientId) }),
  });
}

/** Both secrets' state: the current one, and the previous one while its window lasts, with "End now". */
export function SecretState({ clientId }: { clientId: string }) {
  const state = useSecretState(clientId);
  const end = useEndOverlap(clientId);
  const [confirming, setConfirming] = useState(false);
  if (!state.data) return null;
  const previous = state.data;
  return (
    <section aria-label="Client secrets" className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 className="text-base font-semibold text-slate-900">Secrets</h2>
      <dl className="mt-3 grid grid-cols-[10rem_1fr] gap-x-4 gap-y-2 text-sm">
        <dt className="text-slate-500">Current secret</dt>
        <dd>
          <Badge tone="success">active</Badge>
        </dd>
        <dt className="text-slate-500">Previous secret</dt>
        <dd className="flex flex-wrap items-center gap-3">
          {previous.previous_secret_active ? (
            <>
              <Badge tone="warning">still accepted</Badge>
              <span data-testid="previous-secret-expires">until {formatDate(previous.previous_secret_expires_at)}</span>
              <Button variant="secondary" onClick={() => setConfirming(true)}>
                End window now
              </Button>
            </>
          ) : (
            <Badge tone="neutral">none accepted</Badge>
          )}
        </dd>
      </dl>
      <ConfirmDialog
        open={confirming}
        title="Stop accepting the previous secret?"
        confirmLabel="End window now"
        busy={end.isPending}
        error={errorMessage(end.error)}
        onCancel={() => setConfirming(false)}
        onConfirm={() => end.mutate(undefined, { onSuccess: () => setConfirming(false) })}
      >
        Applications still using the previous secret are refused from their next request on. Do this once every application uses the new secret.
      </ConfirmDialog>
    </section>
  );
}

/** The rotation dialog: how long the old secret keeps working (none, 1 hour, 24 hours, 7 days). */
export function RotateSecretDialog({ open, rotate, onClose }: { open: boolean; rotate: ReturnType<typeof useRotateSecret>; onClose: () => void }) {
  const [overlap, setOverlap] = useState("0");
  return (
    <ConfirmDialog
      open={open}
      title="Rotate the client secret?"
      confirmLabel="Rotate secret"
      busy={rotate.isPending}
      error={errorMessage(rotate.error)}
      onCancel={onClose}
      onConfirm={() => rotate.mutate(Number(overlap), { onSuccess: onClose })}
    >
      <p className="mb-3">
        A new secret is generated and shown once. Keep the old one working while the application is redeployed with the new one, or stop it now.
      </p>
      <Select
        label="The old secret keeps working for"
        value={overlap}
        onChange={(event) => setOverlap(event.target.value)}
        options={OVERLAP_CHOICES.map((choice) => ({ value: String(choice.seconds), label: choice.label }))}
      />
    </ConfirmDialog>
  );
}
