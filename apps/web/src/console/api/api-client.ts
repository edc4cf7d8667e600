import { requestJson } from "@/lib/json-request";
import type { Method } from "@/lib/json-request";

export { ApiError } from "@/lib/json-request";

export interface ApiClient {
  request<T>(method: Method, path: string, body?: unknown): Promise<T>;
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  del<T>(path: string): Promise<T>;
}

/** JSON calls to the API with the console's session cookie (CORS with credentials from WEB_URL). */
export function createApiClient(apiUrl: string): ApiClient {
  const request = <T>(method: Method, path: string, body?: unknown) => requestJson<T>(method, `${apiUrl}${path}`, body);
  return {
    request,
    get: (path) => request("GET", path),
    post: (path, body) => request("POST", path, body ?? {}),
    patch: (path, body) => request("PATCH", path, body),
    del: (path) => request("DELETE", path),
  };
}

export function errorMessage(error: unknown): string | undefined {
  if (!error) return undefined;
  return error instanceof Error ? error.message : "Something went wrong.";
}
