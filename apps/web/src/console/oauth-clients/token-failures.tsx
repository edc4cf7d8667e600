"use client";

import { DataTable } from "@iam/ui";
import { useQuery } from "@tanstack/react-query";
import { errorMessage, read } from "@/console/api/api-client";
import { useApi } from "@/console/api/api-context";
import { queryKeys } from "@/console/api/query-keys";
import type { AuditEntry } from "@/console/api/types";
import { formatDate } from "@/console/shell/format";

const detail = (entry: AuditEntry, key: string) => {
  const value = entry.details?.[key];
  return typeof value === "string" || typeof value === "number" ? String(value) : "—";
};

/**
 * Refused token requests for this client (wrong code or secret, PKCE or redirect_uri mismatch),
 * newest first: what an integrator needs to debug a failing exchange. Never shows codes or secrets
 * (the audit log holds none). Successful requests are counted in /metrics, not logged.
 */
export function TokenFailures({ clientId }: { clientId: string }) {
  const api = useApi();
  const query = { action: "oauth_token.request_failed", target: clientId, limit: "20" };
  const log = useQuery({
    queryKey: [...queryKeys.client(clientId), "token-failures"],
    queryFn: () => read(api.api.admin["audit-log"].$get({ query })),
  });
  return (
    <section className="flex flex-col gap-3" data-testid="token-failures">
      <h2 className="text-base font-semibold text-slate-900">Failed token requests</h2>
      <p className="text-sm text-slate-600">The last refused requests at the token endpoint for this client, with the provider’s reason.</p>
      <DataTable<AuditEntry>
        caption="Failed token requests"
        rows={log.data?.entries}
        rowKey={(entry) => entry.id}
        loading={log.isPending}
        error={log.isError ? errorMessage(log.error) : undefined}
        empty="No failed token requests."
        columns={[
          { key: "when", header: "When", cell: (entry) => formatDate(entry.created_at) },
          { key: "grant", header: "Grant", cell: (entry) => detail(entry, "grant_type") },
          { key: "error", header: "Error", cell: (entry) => <code className="text-xs">{detail(entry, "error")}</code> },
          { key: "reason", header: "Reason", cell: (entry) => detail(entry, "reason") },
          { key: "address", header: "Address", cell: (entry) => entry.ip_address ?? "—" },
        ]}
      />
    </section>
  );
}
