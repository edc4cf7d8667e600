"use client";

import { Alert, Badge, Button, ButtonLink, ConfirmDialog, Input, Select } from "@iam/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { useState } from "react";
import { errorMessage, readAuth } from "@/console/api/api-client";
import type { ConsoleAuthClient } from "@/console/api/api-client";
import { useAuthClient } from "@/console/api/api-context";
import { formatDate } from "@/console/shell/format";
import { PageHeader } from "@/console/shell/page-header";
import { sessionEndConsequences, useLogoutReach } from "./logout-reach";
import { OrganizationPanel } from "./organization-panel";
import { SecondFactorPanel } from "./second-factors";
import { UserSessions } from "./user-sessions";
import type { AskConfirmation } from "./user-sessions";
import { UserMailPanel } from "@/console/mail/user-mail-panel";
import { roleBadge, verifiedBadge } from "./users-list";
import { useAdminAction, useLastSignIns, useUser } from "./use-users";

/** The roles Better Auth's admin plugin sets (its client types them). */
type Role = Parameters<ConsoleAuthClient["admin"]["setRole"]>[0]["role"];

interface Pending {
  title: string;
  body: string;
  confirmLabel: string;
  confirmText?: string;
  run: () => Promise<unknown>;
}

function Panel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 className="text-lg font-semibold text-slate-900">{title}</h2>
      {children}
    </section>
  );
}

/** One user and everything the admin plugin can do to them, each behind a confirmation. */
export function UserView({ userId }: { userId: string }) {
  const auth = useAuthClient();
  const router = useRouter();
  const queryClient = useQueryClient();
  const user = useUser(userId);
  const lastSignIn = useLastSignIns([userId]);
  const reach = useLogoutReach(userId);
  const [role, setRole] = useState<string | null>(null);
  const [banReason, setBanReason] = useState("");
  const [banDays, setBanDays] = useState("");
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState<Pending | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const setRoleAction = useAdminAction((admin, next: string) => admin.setRole({ userId, role: next as Role }));
  const ban = useAdminAction((admin) =>
    admin.banUser({
      userId,
      banReason: banReason || undefined,
      banExpiresIn: banDays ? Number(banDays) * 86_400 : undefined,
    }),
  );
  const unban = useAdminAction((admin) => admin.unbanUser({ userId }));
  const setPasswordAction = useAdminAction((admin) => admin.setUserPassword({ userId, newPassword: password }));
  const remove = useAdminAction((admin) => admin.removeUser({ userId }));
  const impersonate = useMutation({
    mutationFn: () => readAuth(auth.admin.impersonateUser({ userId })),
    onSuccess: async () => {
      await queryClient.invalidateQueries();
      router.push("/dashboard");
    },
  });
  const run = useMutation({ mutationFn: (request: Pending) => request.run() });
  const confirm: AskConfirmation = (request) => {
    run.reset();
    setPending(request);
  };
  const ask = (request: Pending, done: string) =>
    confirm({
      ...request,
      run: async () => {
        await request.run();
        if (done) setNotice(done);
      },
    });

  if (user.isPending)
    return (
      <p role="status" className="text-sm text-slate-500">
        Loading the user…
      </p>
    );
  if (user.isError) {
    return (
      <Alert tone="error" title="This user cannot be shown">
        <p>{errorMessage(user.error)}</p>
        <ButtonLink href="/users" className="mt-3">
          Back to users
        </ButtonLink>
      </Alert>
    );
  }
  const data = user.data;
  const currentRole = role ?? data.role ?? "user";
  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {data.name} {roleBadge(data.role)} {verifiedBadge(data.emailVerified)} {data.banned ? <Badge tone="danger">banned</Badge> : null}
          </span>
        }
        description={`${data.email} · created ${formatDate(data.createdAt)} · last sign-in ${
          lastSignIn.data ? (lastSignIn.data.has(userId) ? formatDate(lastSignIn.data.get(userId)) : "never") : "…"
        }`}
        actions={
          <>
            <ButtonLink href={`/consents?user_id=${encodeURIComponent(userId)}`}>Consents</ButtonLink>
            <Button
              variant="secondary"
              onClick={() =>
                ask(
                  {
                    title: `Impersonate ${data.email}?`,
                    body: "You will act as this user until you stop impersonating (a banner stays on screen). Admins cannot be impersonated.",
                    confirmLabel: "Impersonate",
                    run: () => impersonate.mutateAsync(),
                  },
                  "",
                )
              }
            >
              Impersonate
            </Button>
            <Button
              variant="danger"
              onClick={() =>
                ask(
                  {
                    title: "Delete this user?",
                    body: "The account, its sessions, consents and tokens are deleted. This cannot be undone.",
                    confirmLabel: "Delete user",
                    confirmText: data.email,
                    run: async () => {
                      await remove.mutateAsync();
                      router.push("/users");
                    },
                  },
                  "",
                )
              }
            >
              Delete
            </Button>
          </>
        }
      />
      <div className="flex max-w-4xl flex-col gap-6">
        {notice ? <Alert tone="success">{notice}</Alert> : null}
        <div className="grid gap-6 md:grid-cols-2">
          <UserMailPanel userId={userId} emailVerified={data.emailVerified} />
          <Panel title="Role">
            <Select
              label="Role"
              value={currentRole}
              onChange={(event) => setRole(event.target.value)}
              options={[
                { value: "user", label: "User" },
                { value: "admin", label: "Admin" },
              ]}
              hint="Takes effect at once, also in sessions already open."
            />
            <div>
              <Button
                disabled={currentRole === (data.role ?? "user")}
                onClick={() =>
                  ask(
                    {
                      title: `Make ${data.email} ${currentRole === "admin" ? "an admin" : "a regular user"}?`,
                      body: currentRole === "admin" ? "Admins manage every client, user and key." : "They lose access to this console immediately.",
                      confirmLabel: "Change role",
                      run: () => setRoleAction.mutateAsync(currentRole),
                    },
                    "Role changed.",
                  )
                }
              >
                Save role
              </Button>
            </div>
          </Panel>
          <OrganizationPanel userId={userId} organizationId={(data as { organizationId?: string | null }).organizationId} />
          <Panel title={data.banned ? "Banned" : "Ban"}>
            {data.banned ? (
              <>
                <p className="text-sm text-slate-700">
                  Reason: {data.banReason || "—"}. {data.banExpires ? `Until ${formatDate(data.banExpires)}.` : "No end date."}
                </p>
                <div>
                  <Button
                    variant="secondary"
                    onClick={() =>
                      ask({ title: "Lift the ban?", body: "The user can sign in again.", confirmLabel: "Unban", run: () => unban.mutateAsync() }, "Ban lifted.")
                    }
                  >
                    Unban
                  </Button>
                </div>
              </>
            ) : (
              <>
                <Input label="Reason" value={banReason} onChange={(event) => setBanReason(event.target.value)} />
                <Input label="Days (empty: until lifted)" type="number" min={1} value={banDays} onChange={(event) => setBanDays(event.target.value)} />
                <div>
                  <Button
                    variant="danger"
                    onClick={() =>
                      ask(
                        {
                          title: `Ban ${data.email}?`,
                          body: sessionEndConsequences(
                            reach.data,
                            "They are signed out of this provider and cannot sign in; every application's access and refresh tokens for them are revoked.",
                          ),
                          confirmLabel: "Ban user",
                          run: () => ban.mutateAsync(),
                        },
                        reach.data?.notified.length
                          ? "User banned; sessions and tokens revoked; applications with back-channel logout are being told."
                          : "User banned; sessions and tokens revoked.",
                      )
                    }
                  >
                    Ban user
                  </Button>
                </div>
              </>
            )}
          </Panel>
          <Panel title="Password">
            <Input
              label="New password"
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              hint="At least 8 characters. Tell the user through a safe channel."
            />
            <div>
              <Button
                variant="secondary"
                disabled={password.length < 8}
                onClick={() =>
                  ask(
                    {
                      title: "Set a new password?",
                      body: "The user's current password stops working.",
                      confirmLabel: "Set password",
                      run: async () => {
                        await setPasswordAction.mutateAsync();
                        setPassword("");
                      },
                    },
                    "Password set.",
                  )
                }
              >
                Set password
              </Button>
            </div>
          </Panel>
          <SecondFactorPanel userId={userId} email={data.email} confirm={confirm} />
        </div>
        <UserSessions userId={userId} confirm={confirm} reach={reach.data} />
      </div>
      <ConfirmDialog
        open={pending !== null}
        title={pending?.title ?? ""}
        confirmLabel={pending?.confirmLabel ?? "Confirm"}
        confirmText={pending?.confirmText}
        busy={run.isPending}
        error={errorMessage(run.error)}
        onCancel={() => setPending(null)}
        onConfirm={() => pending && run.mutate(pending, { onSuccess: () => setPending(null) })}
      >
        {pending?.body}
      </ConfirmDialog>
    </>
  );
}
