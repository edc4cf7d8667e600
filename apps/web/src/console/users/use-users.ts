"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { read, readAuth } from "@/console/api/api-client";
import type { AuthAnswer, ConsoleAuthClient } from "@/console/api/api-client";
import { useApi, useAuthClient } from "@/console/api/api-context";
import { queryKeys } from "@/console/api/query-keys";

/**
 * The list and search come from `/api/admin/users` (name or email, case-insensitive, a domain
 * too); a user's details and every action from Better Auth's admin plugin (`/api/auth/admin/*`).
 */
export function useUserList(search: string, offset: number, limit: number) {
  const api = useApi();
  const query = { limit: String(limit), offset: String(offset), ...(search.trim() ? { q: search.trim() } : {}) };
  return useQuery({
    queryKey: [...queryKeys.users, "list", search, offset, limit],
    queryFn: () => read(api.api.admin.users.$get({ query })),
    placeholderData: keepPreviousData,
  });
}

export function useUser(userId: string) {
  const auth = useAuthClient();
  return useQuery({ queryKey: queryKeys.user(userId), queryFn: () => readAuth(auth.admin.getUser({ query: { id: userId } })) });
}

export function useUserSessions(userId: string) {
  const auth = useAuthClient();
  return useQuery({
    queryKey: queryKeys.userSessions(userId),
    queryFn: async () => (await readAuth(auth.admin.listUserSessions({ userId }))).sessions,
  });
}

/**
 * A mutation on Better Auth's admin endpoints. Users, sessions, consents and the dashboard all
 * move together (a ban ends sessions and tokens; a deletion takes consents), so all are refreshed.
 */
export function useAdminAction<R extends AuthAnswer, Input = void>(call: (admin: ConsoleAuthClient["admin"], input: Input) => Promise<R>) {
  const auth = useAuthClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Input) => readAuth(call(auth.admin, input)),
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
      const answer = await read(api.api.admin["user-sign-ins"].$get({ query: { user_ids: userIds.join(",") } }));
      return new Map(answer.last_sign_ins.map((entry) => [entry.user_id, entry.at]));
    },
    enabled: userIds.length > 0,
  });
}
