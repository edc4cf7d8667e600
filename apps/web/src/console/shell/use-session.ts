"use client";

import { useQuery } from "@tanstack/react-query";
import { readAuth } from "@/console/api/api-client";
import { useAuthClient } from "@/console/api/api-context";
import { queryKeys } from "@/console/api/query-keys";

/** The signed-in person (null when signed out), read from the API with the session cookie. */
export function useSession() {
  const auth = useAuthClient();
  return useQuery({
    queryKey: queryKeys.session,
    queryFn: () => readAuth(auth.getSession()),
    staleTime: 30_000,
  });
}

export function isAdmin(role: string | null | undefined): boolean {
  return (role ?? "")
    .split(",")
    .map((part) => part.trim())
    .includes("admin");
}
