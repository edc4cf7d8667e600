"use client";

import { Badge, Button, ConfirmDialog, DataTable, Input, Pagination, Select } from "@iam/ui";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { errorMessage, read } from "@/console/api/api-client";
import { useApi } from "@/console/api/api-context";
import { queryKeys } from "@/console/api/query-keys";
import type { Consent } from "@/console/api/types";
import { formatDate } from "@/console/shell/format";
import { PageHeader } from "@/console/shell/page-header";

const PAGE_SIZE = 20;

/** Every consent across users: filter, edit scopes, revoke (with the client's tokens for that user). */
export function ConsentsView() {
  const api = useApi();
  const queryClient = useQueryClient();
  const initialUser = useSearchParams().get("user_id") ?? "";
  const [filter, setFilter] = useState({ q: "", client_id: "", user_id: initialUser, offset: 0 });
  const [editing, setEditing] = useState<Consent | null>(null);
  const [scopes, setScopes] = useState("");
  const [revoking, setRevoking] = useState<Consent | null>(null);

  const query: Record<string, string> = { limit: String(PAGE_SIZE), offset: String(filter.offset) };
  for (const key of ["q", "client_id", "user_id"] as const) if (filter[key].trim()) query[key] = filter[key].trim();
  const consents = useQuery({
    queryKey: [...queryKeys.consents, filter],
    queryFn: () => read(api.api.admin.consents.$get({ query })),
    placeholderData: keepPreviousData,
  });
  const clients = useQuery({ queryKey: [...queryKeys.clients, "all"], queryFn: () => read(api.api.admin["oauth-clients"].$get({ query: { limit: "100" } })) });

  const invalidate = () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.consents }), queryClient.invalidateQueries({ queryKey: queryKeys.dashboard })]);
  const update = useMutation({
    mutationFn: ({ id, scopes }: { id: string; scopes: string[] }) => read(api.api.admin.consents[":id"].$patch({ param: { id }, json: { scopes } })),
    onSuccess: async () => {
      setEditing(null);
      await invalidate();
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => read(api.api.admin.consents[":id"].$delete({ param: { id } })),
    onSuccess: async () => {
      setRevoking(null);
      await invalidate();
    },
  });

  return (
    <>
      <PageHeader
        title="Consents"
        description="What each person has allowed each application to do. Revoking a consent also ends the application's tokens for that person."
      />
      <div className="mb-4 grid gap-3 sm:grid-cols-[1fr_16rem]">
        <Input
          label="Search"
          type="search"
          placeholder="User email or name, client name"
          value={filter.q}
          onChange={(event) => setFilter({ ...filter, q: event.target.value, offset: 0 })}
        />
        <Select
          label="Client"
          value={filter.client_id}
          onChange={(event) => setFilter({ ...filter, client_id: event.target.value, offset: 0 })}
          options={[
            { value: "", label: "All clients" },
            ...(clients.data?.clients ?? []).map((client) => ({ value: client.client_id, label: client.client_name || client.client_id })),
          ]}
        />
      </div>
      {filter.user_id ? (
        <p className="mb-3 text-sm text-slate-600">
          Showing one user&apos;s consents.{" "}
          <button type="button" className="font-medium text-indigo-700 hover:underline" onClick={() => setFilter({ ...filter, user_id: "", offset: 0 })}>
            Show everyone&apos;s
          </button>
        </p>
      ) : null}
      <DataTable<Consent>
        caption="Consents"
        rows={consents.data?.consents}
        rowKey={(consent) => consent.id}
        loading={consents.isPending}
        error={errorMessage(consents.error)}
        empty={filter.q || filter.client_id || filter.user_id ? "No consent matches." : "No one has consented to any application yet."}
        columns={[
          {
            key: "user",
            header: "User",
            cell: (consent) => (
              <Link href={`/users/${consent.user_id}`} className="flex flex-col hover:underline">
                <span className="font-medium text-indigo-700">{consent.user_name ?? consent.user_id}</span>
                <span className="text-xs text-slate-500">{consent.user_email}</span>
              </Link>
            ),
          },
          {
            key: "client",
            header: "Client",
            cell: (consent) => (
              <Link href={`/oauth-clients/${encodeURIComponent(consent.client_id)}`} className="font-medium text-indigo-700 hover:underline">
                {consent.client_name ?? consent.client_id}
              </Link>
            ),
          },
          {
            key: "scopes",
            header: "Scopes",
            cell: (consent) => (
              <span className="flex flex-wrap gap-1">
                {consent.scopes.map((scope) => (
                  <Badge key={scope}>{scope}</Badge>
                ))}
              </span>
            ),
          },
          { key: "granted", header: "Granted", cell: (consent) => formatDate(consent.granted_at) },
          {
            key: "actions",
            header: <span className="sr-only">Actions</span>,
            cell: (consent) => (
              <span className="flex gap-2">
                <Button
                  variant="secondary"
                  onClick={() => {
                    update.reset();
                    setScopes(consent.scopes.join(" "));
                    setEditing(consent);
                  }}
                >
                  Edit scopes
                </Button>
                <Button
                  variant="danger"
                  onClick={() => {
                    revoke.reset();
                    setRevoking(consent);
                  }}
                >
                  Revoke
                </Button>
              </span>
            ),
          },
        ]}
      />
      {consents.data ? (
        <Pagination total={consents.data.total} limit={PAGE_SIZE} offset={filter.offset} onChange={(offset) => setFilter({ ...filter, offset })} />
      ) : null}

      <ConfirmDialog
        open={editing !== null}
        title="Edit granted scopes"
        confirmLabel="Save scopes"
        tone="primary"
        busy={update.isPending}
        error={errorMessage(update.error)}
        onCancel={() => setEditing(null)}
        onConfirm={() => editing && update.mutate({ id: editing.id, scopes: scopes.split(/\s+/).filter(Boolean) })}
      >
        <div className="flex flex-col gap-3">
          <p>
            {editing?.user_email} → {editing?.client_name}. Removing a scope also revokes this application&apos;s current tokens for this person; they sign in
            again.
          </p>
          <Input label="Scopes (space-separated)" value={scopes} onChange={(event) => setScopes(event.target.value)} />
        </div>
      </ConfirmDialog>
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke this consent?"
        confirmLabel="Revoke consent"
        busy={revoke.isPending}
        error={errorMessage(revoke.error)}
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
      >
        {revoking?.client_name} loses access to {revoking?.user_email}&apos;s account: its access and refresh tokens for this person stop working, and the
        person is asked for consent again next time.
      </ConfirmDialog>
    </>
  );
}
