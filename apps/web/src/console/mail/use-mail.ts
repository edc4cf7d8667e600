"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { read } from "@/console/api/api-client";
import { useApi } from "@/console/api/api-context";
import { queryKeys } from "@/console/api/query-keys";

export function useMailStatus() {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.mailStatus, queryFn: () => read(api.api.admin.mail.status.$get()), staleTime: 60_000 });
}

export function useMailList(offset: number, limit: number) {
  const api = useApi();
  return useQuery({
    queryKey: [...queryKeys.mail, "list", offset, limit],
    queryFn: () => read(api.api.admin.mail.$get({ query: { limit: String(limit), offset: String(offset) } })),
    placeholderData: keepPreviousData,
    // Deliveries and retries happen in the background: keep the list current.
    refetchInterval: 5_000,
  });
}

export function useRetryMail() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => read(api.api.admin.mail[":id"].retry.$post({ param: { id } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.mail }),
  });
}

export function useInvitations() {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.invitations, queryFn: () => read(api.api.admin.invitations.$get({ query: { limit: "50" } })) });
}

/** Invitation changes also queue mail: both lists are refreshed. */
function useInvitationMutation<Input, Output>(call: (input: Input) => Promise<Output>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.invitations }), queryClient.invalidateQueries({ queryKey: queryKeys.mail })]),
  });
}

export function useInvite() {
  const api = useApi();
  return useInvitationMutation((input: { email: string; role: "user" | "admin" }) => read(api.api.admin.invitations.$post({ json: input })));
}

export function useResendInvitation() {
  const api = useApi();
  return useInvitationMutation((id: string) => read(api.api.admin.invitations[":id"].resend.$post({ param: { id } })));
}

export function useRevokeInvitation() {
  const api = useApi();
  return useInvitationMutation((id: string) => read(api.api.admin.invitations[":id"].$delete({ param: { id } })));
}

/** "Send verification link" / "Send password reset link" on a user's page. */
export function useUserMailAction(action: "send-verification" | "send-password-reset") {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => read(api.api.admin.users[":id"][action].$post({ param: { id: userId } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.mail }),
  });
}
