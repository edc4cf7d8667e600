"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useApi } from "@/console/api/api-context";

/** Signs out and goes to the sign-in page. */
export function useSignOut() {
  const api = useApi();
  const router = useRouter();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post("/api/auth/sign-out"),
    onSuccess: () => {
      queryClient.clear();
      router.replace("/sign-in");
    },
  });
}

/** Ends an impersonation: the admin's own session comes back. */
export function useStopImpersonating() {
  const api = useApi();
  const router = useRouter();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post("/api/auth/admin/stop-impersonating"),
    onSuccess: async () => {
      await queryClient.invalidateQueries();
      router.push("/users");
    },
  });
}
