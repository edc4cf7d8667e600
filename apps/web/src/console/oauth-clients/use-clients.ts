"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useApi } from "@/console/api/api-context";
import { queryKeys } from "@/console/api/query-keys";
import type { ClientPage, CreatedClient, OAuthClient } from "@/console/api/types";

export interface ClientListQuery {
  q: string;
  status: "" | "enabled" | "disabled";
  offset: number;
  limit: number;
}

export function useClientList(query: ClientListQuery) {
  const api = useApi();
  const params = new URLSearchParams({ limit: String(query.limit), offset: String(query.offset) });
  if (query.q.trim()) params.set("q", query.q.trim());
  if (query.status) params.set("status", query.status);
  return useQuery({
    queryKey: [...queryKeys.clients, "list", query],
    queryFn: () => api.get<ClientPage>(`/api/admin/oauth-clients?${params}`),
    placeholderData: keepPreviousData,
  });
}

export function useClient(clientId: string) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.client(clientId),
    queryFn: () => api.get<OAuthClient>(`/api/admin/oauth-clients/${encodeURIComponent(clientId)}`),
  });
}

/** Every client change touches the lists, the detail, the dashboard's counts and the consents. */
function useInvalidateClients() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.clients }),
      queryClient.invalidateQueries({ queryKey: queryKeys.dashboard }),
      queryClient.invalidateQueries({ queryKey: queryKeys.consents }),
    ]);
}

export function useCreateClient() {
  const api = useApi();
  const invalidate = useInvalidateClients();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<CreatedClient>("/api/admin/oauth-clients", body),
    onSuccess: invalidate,
  });
}

export function useUpdateClient(clientId: string) {
  const api = useApi();
  const invalidate = useInvalidateClients();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => api.patch<OAuthClient>(`/api/admin/oauth-clients/${encodeURIComponent(clientId)}`, body),
    onSuccess: invalidate,
  });
}

export function useDeleteClient(clientId: string) {
  const api = useApi();
  const invalidate = useInvalidateClients();
  return useMutation({
    mutationFn: () => api.del<null>(`/api/admin/oauth-clients/${encodeURIComponent(clientId)}`),
    onSuccess: invalidate,
  });
}
