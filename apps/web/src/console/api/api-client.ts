/** A failed call, carrying the server's own message so the console can show it as is. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Our admin API says `error_description`; Better Auth says `message`. */
function messageOf(body: unknown, status: number): { message: string; code?: string } {
  if (body && typeof body === "object") {
    const record = body as Record<string, unknown>;
    const details = Array.isArray(record.details) ? (record.details as { path?: unknown[]; message?: string }[]) : [];
    const detail = details
      .slice(0, 3)
      .map((issue) => `${issue.path?.join(".") || "request"}: ${issue.message}`)
      .join("; ");
    const text = [record.error_description, record.message].find((value) => typeof value === "string" && value) as string | undefined;
    const code = [record.error, record.code].find((value) => typeof value === "string") as string | undefined;
    if (text) return { message: detail ? `${text} ${detail}` : text, code };
  }
  return { message: status >= 500 ? "The server could not complete the request. Try again." : `Request failed (${status}).` };
}

export interface ApiClient {
  request<T>(method: Method, path: string, body?: unknown): Promise<T>;
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  del<T>(path: string): Promise<T>;
}

/** JSON calls to the API with the console's session cookie (CORS with credentials from WEB_URL). */
export function createApiClient(apiUrl: string): ApiClient {
  async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${apiUrl}${path}`, {
        method,
        credentials: "include",
        headers: { accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
        // Better Auth's POST endpoints want a JSON body even when there is nothing to say.
        body: body === undefined ? (method === "POST" ? "{}" : undefined) : JSON.stringify(body),
      });
    } catch {
      throw new ApiError("The API cannot be reached. Check your connection and try again.", 0);
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (!response.ok) {
      const { message, code } = messageOf(parsed, response.status);
      throw new ApiError(message, response.status, code);
    }
    return parsed as T;
  }
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
