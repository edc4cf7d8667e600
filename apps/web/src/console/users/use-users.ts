"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useApi } from "@/console/api/api-context";
import { queryKeys } from "@/console/api/query-keys";
import type { User, UserPage, UserSession, UserSignIns } from "@/console/api/types";

/**
 * The list and search come from `/api/admin/users` (name or email, case-insensitive, a domain
 * too); a user's details and every action from Better Auth's admin plugin (`/api/auth/admin/*`).
 */
export function useUserList(search: string, offset: number, limit: number) {
  const api = useApi();
  const params = new URLSearchParams({ limit: String(limit), offset: String(offset) });
  if (search.trim()) params.set("q", search.trim());
  return useQuery({
    queryKey: [...queryKeys.users, "list", search, offset, limit],
    queryFn: () => api.get<UserPage>(`/api/admin/users?${params}`),
    placeholderData: keepPreviousData,
  });
}

export function useUser(userId: string) {
  const api = useApi();
  return useQuery({ queryKey: queryKeys.user(userId), queryFn: () => api.get<User>(`/api/auth/admin/get-user?id=${encodeURIComponent(userId)}`) });
}

export function useUserSessions(userId: string) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.userSessions(userId),
    queryFn: async () => (await api.post<{ sessions: UserSession[] }>("/api/auth/admin/list-user-sessions", { userId })).sessions,
  });
}

/**
 * A mutation on Better Auth's admin endpoints. Users, sessions, consents and the dashboard all
 * move together (a ban ends sessions and tokens; a deletion takes consents), so all are refreshed.
 */
export function useAdminAction<Input>(path: string, toBody: (input: Input) => unknown) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Input) => api.post<unknown>(`/api/auth/admin/${path}`, toBody(input)),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.users }),
        queryClient.invalidateQueries({ queryKey: queryKeys.consents }),
        queryClient.invalidateQueries({ queryKey: queryKeys.dashboard }),
      ]),
  });
}

/** Last successful sign-in per user, from the audit log (`/api/admin/user-sign-ins`); absent: never. */
export function useLastSignIns(userIds: string[]) {
  const api = useApi();
  return useQuery({
    queryKey: [...queryKeys.users, "sign-ins", ...userIds],
    queryFn: async () => {
      const answer = await api.get<UserSignIns>(`/api/admin/user-sign-ins?user_ids=${encodeURIComponent(userIds.join(","))}`);
      return new Map(answer.last_sign_ins.map((entry) => [entry.user_id, entry.at]));
    },
    enabled: userIds.length > 0,
  });
}
