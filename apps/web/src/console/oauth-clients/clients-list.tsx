"use client";

import { Badge, ButtonLink, DataTable, Input, Pagination, Select } from "@iam/ui";
import Link from "next/link";
import { useState } from "react";
import { errorMessage } from "@/console/api/api-client";
import type { OAuthClient } from "@/console/api/types";
import { formatDate } from "@/console/shell/format";
import { PageHeader } from "@/console/shell/page-header";
import { APP_KINDS, kindOf } from "./client-form-schema";
import { useClientList } from "./use-clients";
import type { ClientListQuery } from "./use-clients";

const PAGE_SIZE = 20;

export function ClientsList() {
  const [query, setQuery] = useState<ClientListQuery>({ q: "", status: "", offset: 0, limit: PAGE_SIZE });
  const list = useClientList(query);
  return (
    <>
      <PageHeader
        title="OAuth clients"
        description="Applications that sign people in through this provider, or call APIs on their own behalf."
        actions={
          <ButtonLink href="/oauth-clients/new" variant="primary">
            New client
          </ButtonLink>
        }
      />
      <div className="mb-4 grid gap-3 sm:grid-cols-[1fr_12rem]">
        <Input
          label="Search"
          type="search"
          placeholder="Name or client ID"
          value={query.q}
          onChange={(event) => setQuery({ ...query, q: event.target.value, offset: 0 })}
        />
        <Select
          label="Status"
          value={query.status}
          onChange={(event) => setQuery({ ...query, status: event.target.value as ClientListQuery["status"], offset: 0 })}
          options={[
            { value: "", label: "All" },
            { value: "enabled", label: "Enabled" },
            { value: "disabled", label: "Disabled" },
          ]}
        />
      </div>
      <DataTable<OAuthClient>
        caption="OAuth clients"
        rows={list.data?.clients}
        rowKey={(client) => client.client_id}
        loading={list.isPending}
        error={errorMessage(list.error)}
        empty={query.q || query.status ? "No client matches." : "No clients yet. Create one to connect an application."}
        columns={[
          {
            key: "name",
            header: "Name",
            cell: (client) => (
              <Link href={`/oauth-clients/${encodeURIComponent(client.client_id)}`} className="font-medium text-indigo-700 hover:underline">
                {client.client_name || "(unnamed)"}
              </Link>
            ),
          },
          { key: "id", header: "Client ID", cell: (client) => <code className="text-xs break-all text-slate-700">{client.client_id}</code> },
          {
            key: "type",
            header: "Type",
            cell: (client) => (
              <span className="flex flex-col">
                <span>{APP_KINDS.find((kind) => kind.value === kindOf(client))?.label}</span>
                <span className="text-xs text-slate-500">{client.client_type}</span>
                {client.dynamically_registered ? <span className="text-xs text-sky-700">dynamically registered</span> : null}
              </span>
            ),
          },
          { key: "created", header: "Created", cell: (client) => formatDate(client.client_id_issued_at) },
          {
            key: "status",
            header: "Status",
            cell: (client) => (client.disabled ? <Badge tone="danger">disabled</Badge> : <Badge tone="success">enabled</Badge>),
          },
        ]}
      />
      {list.data ? (
        <Pagination total={list.data.total} limit={query.limit} offset={query.offset} onChange={(offset) => setQuery({ ...query, offset })} />
      ) : null}
    </>
  );
}
