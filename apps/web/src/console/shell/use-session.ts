"use client";

import { useQuery } from "@tanstack/react-query";
import { useApi } from "@/console/api/api-context";
import { queryKeys } from "@/console/api/query-keys";
import type { CurrentSession } from "@/console/api/types";

/** The signed-in person (null when signed out), read from the API with the session cookie. */
export function useSession() {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.session,
    queryFn: () => api.get<CurrentSession | null>("/api/auth/get-session"),
    staleTime: 30_000,
  });
}

export function isAdmin(role: string | null | undefined): boolean {
  return (role ?? "")
    .split(",")
    .map((part) => part.trim())
    .includes("admin");
}
