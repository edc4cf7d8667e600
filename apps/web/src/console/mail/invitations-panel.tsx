"use client";

import { Alert, Badge, Button, DataTable, Input, Select } from "@iam/ui";
import type { BadgeTone } from "@iam/ui";
import type { FormEvent } from "react";
import { useState } from "react";
import { errorMessage } from "@/console/api/api-client";
import type { Invitation } from "@/console/api/types";
import { formatDate } from "@/console/shell/format";
import { useInvitations, useInvite, useResendInvitation, useRevokeInvitation } from "./use-mail";

const STATUS: Record<Invitation["status"], BadgeTone> = { pending: "warning", accepted: "success", revoked: "neutral", expired: "neutral" };

/** Invite by email (optionally as an admin); list invitations; re-send or revoke them. */
export function InvitationsPanel() {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<"user" | "admin">("user");
  const invitations = useInvitations();
  const invite = useInvite();
  const resend = useResendInvitation();
  const revoke = useRevokeInvitation();
  const failure = errorMessage(invite.error) ?? errorMessage(resend.error) ?? errorMessage(revoke.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    invite.mutate({ email, role }, { onSuccess: () => setEmail("") });
  }

  return (
    <section className="mt-10 flex flex-col gap-4" data-testid="invitations">
      <div>
        <h2 className="text-lg font-semibold text-slate-900">Invitations</h2>
        <p className="text-sm text-slate-600">
          The person gets a link to choose a password; it works even when public sign-up is closed. Re-sending makes a new link (the old one stops working).
        </p>
      </div>
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3" data-testid="invite-form">
        <div className="min-w-64 flex-1">
          <Input label="Email" type="email" required value={email} onChange={(event) => setEmail(event.target.value)} />
        </div>
        <Select
          label="Role"
          value={role}
          onChange={(event) => setRole(event.target.value === "admin" ? "admin" : "user")}
          options={[
            { value: "user", label: "User" },
            { value: "admin", label: "Admin" },
          ]}
        />
        <Button type="submit" disabled={invite.isPending}>
          Send invitation
        </Button>
      </form>
      {invite.isSuccess ? <Alert tone="success">Invitation sent.</Alert> : null}
      {failure ? <Alert tone="error">{failure}</Alert> : null}
      <DataTable<Invitation>
        caption="Invitations"
        rows={invitations.data?.items}
        rowKey={(item) => item.id}
        loading={invitations.isPending}
        error={errorMessage(invitations.error)}
        empty="No invitations yet."
        columns={[
          { key: "email", header: "Email", cell: (item) => item.email },
          { key: "role", header: "Role", cell: (item) => item.role },
          { key: "status", header: "Status", cell: (item) => <Badge tone={STATUS[item.status]}>{item.status}</Badge> },
          { key: "sent", header: "Last sent", cell: (item) => formatDate(item.last_sent_at) },
          { key: "expires", header: "Expires", cell: (item) => formatDate(item.expires_at) },
          {
            key: "actions",
            header: "",
            cell: (item) =>
              item.status === "pending" || item.status === "expired" ? (
                <span className="flex gap-2">
                  <Button variant="secondary" onClick={() => resend.mutate(item.id)} disabled={resend.isPending}>
                    Re-send
                  </Button>
                  {item.status === "pending" ? (
                    <Button variant="ghost" onClick={() => revoke.mutate(item.id)} disabled={revoke.isPending}>
                      Revoke
                    </Button>
                  ) : null}
                </span>
              ) : null,
          },
        ]}
      />
    </section>
  );
}
