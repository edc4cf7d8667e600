/**
 * JSON calls from the browser to the API with the person's session cookie (CORS with credentials
 * from WEB_URL), shared by the console and the end-user pages that script (account security,
 * passkey sign-in): one way to read the server's errors.
 */

/** A failed call, carrying the server's own message so the page can show it as is. */
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

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Our admin API says `error_description`; Better Auth says `message`. */
export function errorOf(body: unknown, status: number): { message: string; code?: string } {
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

/** `url` with `body` as JSON; the parsed answer, or an ApiError with the server's message. */
export async function requestJson<T>(method: Method, url: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: "include",
      headers: { accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
      // Better Auth's POST endpoints want a JSON body even when there is nothing to say.
      body: body === undefined ? (method === "POST" ? "{}" : undefined) : JSON.stringify(body),
    });
  } catch {
    throw new ApiError("The server cannot be reached. Check your connection and try again.", 0);
  }
  const parsed = parseJson(await response.text());
  if (!response.ok) {
    const { message, code } = errorOf(parsed, response.status);
    throw new ApiError(message, response.status, code);
  }
  return parsed as T;
}

/** A body as JSON, or null when it is empty or not JSON (a proxy's HTML error page). */
export function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}
