"use client";

import { useQuery } from "@tanstack/react-query";
import { useApi } from "@/console/api/api-context";
import { queryKeys } from "@/console/api/query-keys";
import type { LogoutReach } from "@/console/api/types";

export { sessionEndConsequences } from "./logout-words";

/** Which applications holding the person's tokens would be told that their sessions ended. */
export function useLogoutReach(userId: string) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.logoutReach(userId),
    queryFn: () => api.get<LogoutReach>(`/api/admin/users/${encodeURIComponent(userId)}/logout-reach`),
  });
}
