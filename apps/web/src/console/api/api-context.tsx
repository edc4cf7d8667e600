"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { createContext, useContext, useState } from "react";
import { ApiError, createApiClient } from "./api-client";
import type { ApiClient } from "./api-client";

const ApiContext = createContext<(ApiClient & { baseUrl: string }) | null>(null);

/**
 * React Query and the API client for the console. The API's URL comes from the server at request
 * time (BETTER_AUTH_URL), not from the bundle, so one build serves any deployment.
 */
export function ConsoleProviders({ apiUrl, children }: { apiUrl: string; children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
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
  const [api] = useState(() => Object.assign(createApiClient(apiUrl), { baseUrl: apiUrl }));
  return (
    <ApiContext.Provider value={api}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </ApiContext.Provider>
  );
}

export function useApi(): ApiClient {
  const api = useContext(ApiContext);
  if (!api) throw new Error("useApi outside ConsoleProviders");
  return api;
}

/** The API's public URL (BETTER_AUTH_URL): the issuer is `${apiUrl}/api/auth`. */
export function useApiUrl(): string {
  const api = useContext(ApiContext);
  if (!api) throw new Error("useApiUrl outside ConsoleProviders");
  return api.baseUrl;
}
