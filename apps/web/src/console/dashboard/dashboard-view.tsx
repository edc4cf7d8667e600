"use client";

import { Badge, DataTable } from "@iam/ui";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { errorMessage, read } from "@/console/api/api-client";
import { useApi } from "@/console/api/api-context";
import { queryKeys } from "@/console/api/query-keys";
import type { Dashboard } from "@/console/api/types";
import { formatAddress, formatDate } from "@/console/shell/format";
import { PageHeader } from "@/console/shell/page-header";

type SignIn = Dashboard["recent_sign_ins"][number];

const STATS: { key: keyof Dashboard["counts"]; label: string; href: string }[] = [
  { key: "users", label: "Users", href: "/users" },
  { key: "clients", label: "OAuth clients", href: "/oauth-clients" },
  { key: "active_sessions", label: "Active sessions", href: "/users" },
  { key: "consents", label: "Consents", href: "/consents" },
];

export function DashboardView() {
  const api = useApi();
  const dashboard = useQuery({ queryKey: queryKeys.dashboard, queryFn: () => read(api.api.admin.dashboard.$get()) });
  return (
    <>
      <PageHeader title="Dashboard" description="The provider at a glance." />
      <div className="mb-8 grid grid-cols-2 gap-4 lg:grid-cols-4">
        {STATS.map((stat) => (
          <Link key={stat.key} href={stat.href} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm hover:border-indigo-300">
            <p className="text-sm text-slate-600">{stat.label}</p>
            <p className="mt-1 text-3xl font-semibold text-slate-900" data-testid={`count-${stat.key}`}>
              {dashboard.data ? dashboard.data.counts[stat.key] : dashboard.isError ? "!" : "…"}
            </p>
          </Link>
        ))}
      </div>
      <h2 className="mb-3 text-lg font-semibold text-slate-900">Recent sign-ins</h2>
      <DataTable<SignIn>
        caption="Recent sign-ins"
        rows={dashboard.data?.recent_sign_ins}
        rowKey={(row) => `${row.user_id}-${row.at}`}
        loading={dashboard.isPending}
        error={errorMessage(dashboard.error)}
        empty="No one has signed in yet."
        columns={[
          {
            key: "user",
            header: "User",
            cell: (row) => (
              <Link href={`/users/${row.user_id}`} className="font-medium text-indigo-700 hover:underline">
                {row.name} <span className="font-normal text-slate-500">{row.email}</span>
              </Link>
            ),
          },
          { key: "at", header: "When", cell: (row) => formatDate(row.at) },
          { key: "ip", header: "IP address", cell: (row) => formatAddress(row.ip_address) },
          {
            key: "kind",
            header: "",
            cell: (row) => (
              <>
                {row.impersonated ? <Badge tone="warning">impersonation</Badge> : null}
                {row.banned ? <Badge tone="danger">banned</Badge> : null}
              </>
            ),
          },
        ]}
      />
    </>
  );
}
