"use client";

import { Alert, Badge, Button, DataTable, Pagination } from "@iam/ui";
import type { BadgeTone } from "@iam/ui";
import { useState } from "react";
import { errorMessage } from "@/console/api/api-client";
import type { MailMessage } from "@/console/api/types";
import { formatDate } from "@/console/shell/format";
import { PageHeader } from "@/console/shell/page-header";
import { useMailList, useMailStatus, useRetryMail } from "./use-mail";

const PAGE_SIZE = 20;

const STATUS: Record<MailMessage["status"], { tone: BadgeTone; label: string }> = {
  outbox: { tone: "info", label: "kept (no SMTP)" },
  pending: { tone: "warning", label: "pending" },
  sent: { tone: "success", label: "sent" },
  failed: { tone: "danger", label: "failed" },
};

/** The development outbox (no SMTP_URL: every message with its link) or, with SMTP, delivery status. */
export function OutboxView() {
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState<string | undefined>();
  const status = useMailStatus();
  const list = useMailList(offset, PAGE_SIZE);
  const retry = useRetryMail();
  const outbox = status.data?.transport === "outbox";
  return (
    <>
      <PageHeader
        title={outbox ? "Outbox (development)" : "Mail"}
        description={
          outbox
            ? "SMTP_URL is not set: messages are kept here instead of being sent. Open one to follow its link."
            : "Messages sent over SMTP: delivery status, attempts and the last error. Failed deliveries are retried with backoff."
        }
      />
      {retry.error ? (
        <div className="mb-4">
          <Alert tone="error">{errorMessage(retry.error)}</Alert>
        </div>
      ) : null}
      <DataTable<MailMessage>
        caption="Outgoing mail"
        rows={list.data?.items}
        rowKey={(message) => message.id}
        loading={list.isPending}
        error={errorMessage(list.error)}
        empty="No mail yet."
        columns={[
          { key: "created", header: "Created", cell: (message) => formatDate(message.created_at) },
          { key: "to", header: "To", cell: (message) => message.to },
          {
            key: "subject",
            header: "Subject",
            cell: (message) =>
              message.text !== undefined ? (
                <div>
                  <Button
                    variant="ghost"
                    className="px-0 text-left"
                    onClick={() => setOpen(open === message.id ? undefined : message.id)}
                    aria-expanded={open === message.id}
                  >
                    {message.subject}
                  </Button>
                  {open === message.id ? (
                    <pre className="mt-2 max-w-xl whitespace-pre-wrap break-all rounded-lg bg-slate-50 p-3 text-xs text-slate-700" data-testid="mail-body">
                      {message.text}
                    </pre>
                  ) : null}
                </div>
              ) : (
                message.subject
              ),
          },
          { key: "status", header: "Status", cell: (message) => <Badge tone={STATUS[message.status].tone}>{STATUS[message.status].label}</Badge> },
          { key: "attempts", header: "Attempts", cell: (message) => String(message.attempts) },
          {
            key: "error",
            header: "Last error",
            cell: (message) =>
              message.last_error ? (
                <span className="text-xs text-red-700">
                  {message.last_error}
                  {message.next_attempt_at ? ` · next try ${formatDate(message.next_attempt_at)}` : ""}
                </span>
              ) : (
                "—"
              ),
          },
          {
            key: "actions",
            header: "",
            cell: (message) =>
              message.status === "failed" || (message.status === "pending" && message.attempts > 0) ? (
                <Button variant="secondary" onClick={() => retry.mutate(message.id)} disabled={retry.isPending}>
                  Retry now
                </Button>
              ) : null,
          },
        ]}
      />
      {list.data ? <Pagination total={list.data.total} offset={offset} limit={PAGE_SIZE} onChange={setOffset} /> : null}
    </>
  );
}
