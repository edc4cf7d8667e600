"use client";

import { Alert, Badge, Button, DataTable } from "@iam/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorMessage, read } from "@/console/api/api-client";
import { useApi } from "@/console/api/api-context";
import { queryKeys } from "@/console/api/query-keys";
import { formatDate } from "@/console/shell/format";

const TONES = { delivered: "success", pending: "warning", failed: "danger" } as const;
const REASONS: Record<string, string> = { banned: "banned", session_ended: "session ended" };

/**
 * Back-channel logout deliveries to one client: what was delivered, what waits for a retry and
 * why, what was given up; "Retry now" once the application is reachable again.
 */
export function ClientLogoutPanel({ clientId }: { clientId: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const logout = api.api.admin["oauth-clients"][":client_id"]["backchannel-logout"];
  const param = { client_id: clientId };
  const status = useQuery({ queryKey: queryKeys.clientLogout(clientId), queryFn: () => read(logout.$get({ param })) });
  const retry = useMutation({
    mutationFn: () => read(logout.retry.$post({ param })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.clientLogout(clientId) }),
  });
  const data = status.data;
  return (
    <section className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="client-logout">
      <h2 className="text-lg font-semibold text-slate-900">Back-channel logout</h2>
      {status.isError ? <Alert tone="error">{errorMessage(status.error)}</Alert> : null}
      {data && !data.configured ? (
        <p className="text-sm text-slate-700">
          Not configured: when a person signs out, is banned or has their sessions revoked, this application is not told, and keeps its own session until that
          expires. Set a back-channel logout URI to have it notified.
        </p>
      ) : null}
      {data?.configured ? (
        <>
          <p className="text-sm text-slate-700">
            Delivered {data.delivered}, waiting for a retry {data.pending}, given up {data.failed}. Last delivery:{" "}
            {data.last_delivered_at ? formatDate(data.last_delivered_at) : "none yet"}.
            {data.last_failure ? ` Last failure: ${data.last_failure.error} (${formatDate(data.last_failure.at)}).` : ""}
          </p>
          <p className="text-xs text-slate-500">Failed deliveries are retried with growing waits (10 s up to 1 h) for 24 hours, then given up.</p>
          {retry.isSuccess ? <Alert tone="success">{retry.data.scheduled} delivery(ies) scheduled now.</Alert> : null}
          {retry.isError ? <Alert tone="error">{errorMessage(retry.error)}</Alert> : null}
          <div>
            <Button variant="secondary" disabled={data.pending + data.failed === 0 || retry.isPending} onClick={() => retry.mutate()}>
              Retry now
            </Button>
          </div>
          {data.recent.length ? (
            <DataTable
              caption="Recent back-channel logout deliveries"
              rows={data.recent}
              rowKey={(row) => `${row.created_at}-${row.attempts}-${row.status}-${row.reason}`}
              columns={[
                { key: "when", header: "Session ended", cell: (row) => formatDate(row.created_at) },
                { key: "why", header: "Why", cell: (row) => REASONS[row.reason] ?? row.reason },
                { key: "status", header: "Status", cell: (row) => <Badge tone={TONES[row.status]}>{row.status}</Badge> },
                { key: "attempts", header: "Attempts", cell: (row) => row.attempts },
                {
                  key: "detail",
                  header: "Detail",
                  cell: (row) =>
                    row.status === "delivered"
                      ? formatDate(row.delivered_at)
                      : [row.last_error, row.next_attempt_at ? `next ${formatDate(row.next_attempt_at)}` : ""].filter(Boolean).join("; ") || "—",
                },
              ]}
            />
          ) : null}
        </>
      ) : null}
    </section>
  );
}
