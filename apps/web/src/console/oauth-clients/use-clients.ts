"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useApi } from "@/console/api/api-context";
import { queryKeys } from "@/console/api/query-keys";
import type { InferRequestType } from "hono/client";
import { read } from "@/console/api/api-client";
import type { ApiClient } from "@/console/api/api-client";

type Clients = ApiClient["api"]["admin"]["oauth-clients"];
export type NewClientBody = InferRequestType<Clients["$post"]>["json"];
export type ClientUpdateBody = InferRequestType<Clients[":client_id"]["$patch"]>["json"];
/** What the client form builds (client-form-schema.ts checks it with the shared rules; the server checks it again). */
type FormBody = Record<string, unknown>;

export interface ClientListQuery {
  q: string;
  status: "" | "enabled" | "disabled";
  offset: number;
  limit: number;
}

export function useClientList(query: ClientListQuery) {
  const api = useApi();
  const params = {
    limit: String(query.limit),
    offset: String(query.offset),
    ...(query.q.trim() ? { q: query.q.trim() } : {}),
    ...(query.status ? { status: query.status } : {}),
  };
  return useQuery({
    queryKey: [...queryKeys.clients, "list", query],
    queryFn: () => read(api.api.admin["oauth-clients"].$get({ query: params })),
    placeholderData: keepPreviousData,
  });
}

export function useClient(clientId: string) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.client(clientId),
    queryFn: () => read(api.api.admin["oauth-clients"][":client_id"].$get({ param: { client_id: clientId } })),
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
    mutationFn: (body: FormBody) => read(api.api.admin["oauth-clients"].$post({ json: body as NewClientBody })),
    onSuccess: invalidate,
  });
}

export function useUpdateClient(clientId: string) {
  const api = useApi();
  const invalidate = useInvalidateClients();
  return useMutation({
    mutationFn: (body: FormBody | ClientUpdateBody) =>
      read(api.api.admin["oauth-clients"][":client_id"].$patch({ param: { client_id: clientId }, json: body as ClientUpdateBody })),
    onSuccess: invalidate,
  });
}

export function useDeleteClient(clientId: string) {
  const api = useApi();
  const invalidate = useInvalidateClients();
  return useMutation({
    mutationFn: () => read(api.api.admin["oauth-clients"][":client_id"].$delete({ param: { client_id: clientId } })),
    onSuccess: invalidate,
  });
}
