"use client";

import { Badge, Button, DataTable } from "@iam/ui";
import { useQueryClient } from "@tanstack/react-query";
import { errorMessage } from "@/console/api/api-client";
import { queryKeys } from "@/console/api/query-keys";
import type { UserSession } from "@/console/api/types";
import { sessionEndConsequences } from "./logout-reach";
import { formatAddress, formatDate } from "@/console/shell/format";
import { useAdminAction, useUserSessions } from "./use-users";
import type { LogoutReach } from "@/console/api/types";

export type AskConfirmation = (request: { title: string; body: string; confirmLabel: string; run: () => Promise<unknown> }) => void;

/** A user's sessions, each revocable, or all at once. */
export function UserSessions({ userId, confirm, reach }: { userId: string; confirm: AskConfirmation; reach?: LogoutReach }) {
  const queryClient = useQueryClient();
  const sessions = useUserSessions(userId);
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.userSessions(userId) });
  const revokeOne = useAdminAction((admin, sessionToken: string) => admin.revokeUserSession({ sessionToken }));
  const revokeAll = useAdminAction((admin) => admin.revokeUserSessions({ userId }));
  const now = Date.now();
  const active = sessions.data?.filter((session) => new Date(session.expiresAt).getTime() > now);
  return (
    <section className="flex flex-col gap-3">
      <div className="flex items-center justify-between">
        <h2 className="text-lg font-semibold text-slate-900">Sessions</h2>
        <Button
          variant="secondary"
          disabled={!active?.length}
          onClick={() =>
            confirm({
              title: "Sign this user out everywhere?",
              body: sessionEndConsequences(reach, "Every session of this user ends; they must sign in again on every device."),
              confirmLabel: "Revoke all sessions",
              run: async () => {
                await revokeAll.mutateAsync();
                await refresh();
              },
            })
          }
        >
          Revoke all
        </Button>
      </div>
      <DataTable<UserSession>
        caption="Sessions"
        rows={active}
        rowKey={(session) => session.id}
        loading={sessions.isPending}
        error={errorMessage(sessions.error)}
        empty="No active sessions."
        columns={[
          { key: "created", header: "Signed in", cell: (session) => formatDate(session.createdAt) },
          { key: "expires", header: "Expires", cell: (session) => formatDate(session.expiresAt) },
          { key: "ip", header: "IP address", cell: (session) => formatAddress(session.ipAddress) },
          {
            key: "agent",
            header: "Browser",
            cell: (session) => <span className="line-clamp-2 max-w-xs text-xs text-slate-600">{session.userAgent || "—"}</span>,
          },
          { key: "kind", header: "", cell: (session) => (session.impersonatedBy ? <Badge tone="warning">impersonation</Badge> : null) },
          {
            key: "revoke",
            header: <span className="sr-only">Actions</span>,
            cell: (session) => (
              <Button
                variant="secondary"
                onClick={() =>
                  confirm({
                    title: "Revoke this session?",
                    body: "The device using it is signed out. Applications that got tokens in this session and have a back-channel logout URI are told at once; others keep their own session until it expires.",
                    confirmLabel: "Revoke session",
                    run: async () => {
                      await revokeOne.mutateAsync(session.token);
                      await refresh();
                    },
                  })
                }
              >
                Revoke
              </Button>
            ),
          },
        ]}
      />
    </section>
  );
}
