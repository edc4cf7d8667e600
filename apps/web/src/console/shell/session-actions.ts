"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { readAuth } from "@/console/api/api-client";
import { useAuthClient } from "@/console/api/api-context";

/** Signs out and goes to the sign-in page. */
export function useSignOut() {
  const auth = useAuthClient();
  const router = useRouter();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => readAuth(auth.signOut()),
    onSuccess: () => {
      queryClient.clear();
      router.replace("/sign-in");
    },
  });
}

/** Ends an impersonation: the admin's own session comes back. */
export function useStopImpersonating() {
  const auth = useAuthClient();
  const router = useRouter();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => readAuth(auth.admin.stopImpersonating()),
    onSuccess: async () => {
      await queryClient.invalidateQueries();
      router.push("/users");
    },
  });
}
