"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useApi } from "@/console/api/api-context";
import { queryKeys } from "@/console/api/query-keys";
import type { Invitation, InvitationPage, MailMessage, MailPage, MailStatus } from "@/console/api/types";

export function useMailStatus() {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.mailStatus, queryFn: () => api.get<MailStatus>("/api/admin/mail/status"), staleTime: 60_000 });
}

export function useMailList(offset: number, limit: number) {
  const api = useApi();
  return useQuery({
    queryKey: [...queryKeys.mail, "list", offset, limit],
    queryFn: () => api.get<MailPage>(`/api/admin/mail?limit=${limit}&offset=${offset}`),
    placeholderData: keepPreviousData,
    // Deliveries and retries happen in the background: keep the list current.
    refetchInterval: 5_000,
  });
}

export function useRetryMail() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<MailMessage>(`/api/admin/mail/${encodeURIComponent(id)}/retry`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.mail }),
  });
}

export function useInvitations() {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.invitations, queryFn: () => api.get<InvitationPage>("/api/admin/invitations?limit=50") });
}

/** Invitation changes also queue mail: both lists are refreshed. */
function useInvitationMutation<Input>(call: (input: Input) => Promise<Invitation>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.invitations }), queryClient.invalidateQueries({ queryKey: queryKeys.mail })]),
  });
}

export function useInvite() {
  const api = useApi();
  return useInvitationMutation((input: { email: string; role: "user" | "admin" }) => api.post<Invitation>("/api/admin/invitations", input));
}

export function useResendInvitation() {
  const api = useApi();
  return useInvitationMutation((id: string) => api.post<Invitation>(`/api/admin/invitations/${encodeURIComponent(id)}/resend`));
}

export function useRevokeInvitation() {
  const api = useApi();
  return useInvitationMutation((id: string) => api.del<Invitation>(`/api/admin/invitations/${encodeURIComponent(id)}`));
}

/** "Send verification link" / "Send password reset link" on a user's page. */
export function useUserMailAction(action: "send-verification" | "send-password-reset") {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api.post<{ queued: true }>(`/api/admin/users/${encodeURIComponent(userId)}/${action}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.mail }),
  });
}
