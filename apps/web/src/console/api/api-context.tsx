"use client";

import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { createContext, useContext, useState } from "react";
import { ApiError, createApiClient, createConsoleAuthClient } from "./api-client";
import type { ApiClient, ConsoleAuthClient } from "./api-client";

const ApiContext = createContext<{ api: ApiClient; auth: ConsoleAuthClient; baseUrl: string } | null>(null);

/**
 * React Query and the API clients for the console (the project's API and Better Auth's). The API's URL comes from the server at request
 * time (BETTER_AUTH_URL), not from the bundle, so one build serves any deployment.
 */
export function ConsoleProviders({ apiUrl, children }: { apiUrl: string; children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        queryCache: new QueryCache({ onError: leadToEnrollment }),
        mutationCache: new MutationCache({ onError: leadToEnrollment }),
        defaultOptions: {
          queries: {
            staleTime: 5_000,
            refetchOnWindowFocus: false,
            // A 4xx will not get better by asking again.
            retry: (failures, error) => failures < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
          },
        },
      }),
  );
  const [clients] = useState(() => ({ api: createApiClient(apiUrl), auth: createConsoleAuthClient(apiUrl), baseUrl: apiUrl }));
  return (
    <ApiContext.Provider value={clients}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </ApiContext.Provider>
  );
}

/**
 * An admin whose session has one factor while the settings require two (switched on after they
 * signed in) is refused by every admin call: lead them through enrollment, then back to this page,
 * rather than leave each panel showing the refusal.
 */
function leadToEnrollment(error: unknown): void {
  if (error instanceof ApiError && error.code === "second_factor_required") {
    window.location.assign(`/enroll-second-factor?${new URLSearchParams({ callbackURL: window.location.href })}`);
  }
}

function useClients() {
  const clients = useContext(ApiContext);
  if (!clients) throw new Error("useApi outside ConsoleProviders");
  return clients;
}

/** The project's API (`/api/admin/*`, `/api/account`, `/api/branding`), typed from its routes: `read(api.api.admin.dashboard.$get())`. */
export function useApi(): ApiClient {
  return useClients().api;
}

/** Better Auth's endpoints (`/api/auth/*`) through its own client: `readAuth(auth.admin.getUser({ query }))`. */
export function useAuthClient(): ConsoleAuthClient {
  return useClients().auth;
}

/** The API's public URL (BETTER_AUTH_URL): the issuer is `${apiUrl}/api/auth`. */
export function useApiUrl(): string {
  return useClients().baseUrl;
}
