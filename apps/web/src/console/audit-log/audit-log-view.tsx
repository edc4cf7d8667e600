"use client";

import { Button, DataTable, Input, Select } from "@iam/ui";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage, read } from "@/console/api/api-client";
import { useApi } from "@/console/api/api-context";
import type { AuditEntry } from "@/console/api/types";
import { formatAddress, formatDate } from "@/console/shell/format";
import { AuditPartyCell } from "./audit-party";
import { PageHeader } from "@/console/shell/page-header";

const ACTION_GROUPS = [
  { value: "", label: "All actions" },
  { value: "sign_in.", label: "Sign-ins" },
  { value: "sign_in.failed", label: "Failed sign-ins" },
  { value: "user.signed_up", label: "Sign-ups" },
  { value: "oauth_client.", label: "OAuth clients" },
  { value: "oauth_token.request_failed", label: "Failed token requests" },
  { value: "consent.", label: "Consents" },
  { value: "user.", label: "Users (sign-ups, bans, roles, passwords, removals)" },
  { value: "impersonation.", label: "Impersonation" },
  { value: "signing_key.", label: "Signing keys" },
  { value: "invitation.", label: "Invitations" },
  { value: "mail.", label: "Mail" },
  { value: "settings.", label: "Settings" },
];

interface Filters {
  action: string;
  actor: string;
  target: string;
}

/** Who did what, to what, when and from where: newest first, filtered, paged by cursor. */
export function AuditLogView() {
  const api = useApi();
  const [draft, setDraft] = useState<Filters>({ action: "", actor: "", target: "" });
  const [filters, setFilters] = useState<Filters>(draft);
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(filters)) if (value.trim()) query[key] = value.trim();
  if (cursor) query.cursor = cursor;
  const params = new URLSearchParams(query);
  const page = useQuery({
    queryKey: ["audit-log", params.toString()],
    queryFn: () => read(api.api.admin["audit-log"].$get({ query })),
  });
  return (
    <>
      <PageHeader title="Audit log" description="Sign-ins, client changes, consents, bans, role changes and impersonation, with the address they came from." />
      <form
        className="mb-4 grid gap-3 sm:grid-cols-4 sm:items-end"
        onSubmit={(event) => {
          event.preventDefault();
          setCursors([]);
          setFilters(draft);
        }}
      >
        <Select label="Action" value={draft.action} options={ACTION_GROUPS} onChange={(event) => setDraft({ ...draft, action: event.target.value })} />
        <Input label="Actor (email, user id or CLI operator)" value={draft.actor} onChange={(event) => setDraft({ ...draft, actor: event.target.value })} />
        <Input label="Target (id, or a user's email)" value={draft.target} onChange={(event) => setDraft({ ...draft, target: event.target.value })} />
        <Button type="submit">Filter</Button>
      </form>
      <DataTable<AuditEntry>
        caption="Audit log entries"
        rows={page.data?.entries}
        rowKey={(entry) => entry.id}
        loading={page.isPending}
        error={errorMessage(page.error)}
        empty="No entries match."
        columns={[
          { key: "when", header: "When", cell: (entry) => formatDate(entry.created_at) },
          {
            key: "action",
            header: "Action",
            cell: (entry) => (
              <span title={entry.action} data-action={entry.action}>
                {entry.action_label}
              </span>
            ),
          },
          { key: "actor", header: "Actor", cell: (entry) => <AuditPartyCell party={entry.actor} /> },
          { key: "target", header: "Target", cell: (entry) => (entry.target ? <AuditPartyCell party={entry.target} /> : "—") },
          { key: "from", header: "From", cell: (entry) => formatAddress(entry.ip_address) },
        ]}
      />
      <div className="mt-4 flex gap-2">
        <Button variant="secondary" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
          Newer
        </Button>
        <Button
          variant="secondary"
          disabled={!page.data?.next_cursor}
          onClick={() => page.data?.next_cursor && setCursors([...cursors, page.data.next_cursor])}
        >
          Older
        </Button>
      </div>
    </>
  );
}
