"use client";

import { Badge, Button, DataTable, Input, Pagination } from "@iam/ui";
import Link from "next/link";
import { useState } from "react";
import { errorMessage } from "@/console/api/api-client";
import type { AdminUser } from "@/console/api/types";
import { formatDate } from "@/console/shell/format";
import { PageHeader } from "@/console/shell/page-header";
import { InvitationsPanel } from "@/console/mail/invitations-panel";
import { CreateUserForm } from "./create-user-form";
import { factorBadges, useSecondFactors } from "./second-factors";
import { useLastSignIns, useUserList } from "./use-users";

const PAGE_SIZE = 20;

export function roleBadge(role: string | null | undefined) {
  return (role ?? "user").split(",").map((name) => (
    <Badge key={name} tone={name.trim() === "admin" ? "info" : "neutral"}>
      {name.trim()}
    </Badge>
  ));
}

export function verifiedBadge(verified: boolean | null | undefined) {
  return verified ? <Badge tone="success">verified</Badge> : <Badge tone="warning">not verified</Badge>;
}

export function UsersList() {
  const [search, setSearch] = useState("");
  const [offset, setOffset] = useState(0);
  const [creating, setCreating] = useState(false);
  const users = useUserList(search, offset, PAGE_SIZE);
  const lastSignIns = useLastSignIns(users.data?.users.map((user) => user.id) ?? []);
  const factors = useSecondFactors();
  return (
    <>
      <PageHeader
        title="Users"
        description="Everyone with an account. Open a user to change their role, ban them, reset their password, see their sessions or impersonate them."
        actions={
          !creating ? (
            <Button onClick={() => setCreating(true)} data-testid="new-user">
              New user
            </Button>
          ) : null
        }
      />
      {creating ? <CreateUserForm onDone={() => setCreating(false)} /> : null}
      <div className="mb-4 max-w-md">
        <Input
          label="Search"
          type="search"
          placeholder="Name, email or email domain"
          value={search}
          onChange={(event) => {
            setSearch(event.target.value);
            setOffset(0);
          }}
        />
      </div>
      <DataTable<AdminUser>
        caption="Users"
        rows={users.data?.users}
        rowKey={(user) => user.id}
        loading={users.isPending}
        error={errorMessage(users.error)}
        empty={search ? "No user matches." : "No users yet."}
        columns={[
          {
            key: "name",
            header: "Name",
            cell: (user) => (
              <Link href={`/users/${user.id}`} className="flex flex-col hover:underline">
                <span className="font-medium text-indigo-700">{user.name}</span>
                <span className="text-xs text-slate-500">{user.email}</span>
              </Link>
            ),
          },
          { key: "role", header: "Role", cell: (user) => <span className="flex gap-1">{roleBadge(user.role)}</span> },
          { key: "status", header: "Status", cell: (user) => (user.banned ? <Badge tone="danger">banned</Badge> : <Badge tone="success">active</Badge>) },
          { key: "verified", header: "Email", cell: (user) => verifiedBadge(user.emailVerified) },
          { key: "second-factor", header: "Second factor", cell: (user) => (factors.data ? factorBadges(factors.data.get(user.id)) : "…") },
          {
            key: "last-sign-in",
            header: "Last sign-in",
            cell: (user) => (lastSignIns.data ? (lastSignIns.data.has(user.id) ? formatDate(lastSignIns.data.get(user.id)) : "never") : "…"),
          },
          { key: "created", header: "Created", cell: (user) => formatDate(user.createdAt) },
        ]}
      />
      {users.data ? <Pagination total={users.data.total} limit={PAGE_SIZE} offset={offset} onChange={setOffset} /> : null}
      <InvitationsPanel />
    </>
  );
}
