"use client";

import { useQuery } from "@tanstack/react-query";
import { read } from "@/console/api/api-client";
import { useApi } from "@/console/api/api-context";
import { queryKeys } from "@/console/api/query-keys";

export { sessionEndConsequences } from "./logout-words";

/** Which applications holding the person's tokens would be told that their sessions ended. */
export function useLogoutReach(userId: string) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.logoutReach(userId),
    queryFn: () => read(api.api.admin.users[":user_id"]["logout-reach"].$get({ param: { user_id: userId } })),
  });
}
