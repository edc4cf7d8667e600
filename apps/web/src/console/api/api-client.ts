import type { ConsoleApi } from "@iam/server/console-api";
import { adminClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/client";
import { hc } from "hono/client";
import type { ClientResponse } from "hono/client";
import type { SuccessStatusCode } from "hono/utils/http-status";
import { ApiError, errorOf, parseJson } from "@/lib/json-request";

export { ApiError } from "@/lib/json-request";

const unreachable = () => new ApiError("The API cannot be reached. Check your connection and try again.", 0);

/** JSON calls with the console's session cookie (CORS with credentials from WEB_URL). */
const withCookie: typeof fetch = async (input, init) => {
  try {
    return await fetch(input, { ...init, credentials: "include", headers: { accept: "application/json", ...Object.fromEntries(new Headers(init?.headers)) } });
  } catch {
    throw unreachable();
  }
};

/** The console's client for the project's own API, typed from the server's route declarations. */
export function createApiClient(apiUrl: string) {
  return hc<ConsoleApi>(apiUrl, { fetch: withCookie });
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** Better Auth's client (and its admin plugin's) for Better Auth's own endpoints under /api/auth. */
export function createConsoleAuthClient(apiUrl: string) {
  return createAuthClient({ baseURL: `${apiUrl}/api/auth`, fetchOptions: { credentials: "include" }, plugins: [adminClient()] });
}

export type ConsoleAuthClient = ReturnType<typeof createConsoleAuthClient>;

/** What a call answers when it succeeds: the JSON body its route declares for a 2xx status. */
type Success<R> = R extends ClientResponse<infer T, infer S, infer F> ? (S extends SuccessStatusCode ? (F extends "json" ? T : null) : never) : never;

/** The body of a successful answer; otherwise an `ApiError` with the server's own message. */
export async function read<R extends ClientResponse<unknown>>(call: Promise<R>): Promise<Success<R>> {
  const response = await call;
  const parsed = parseJson(await response.text());
  if (!response.ok) {
    const { message, code } = errorOf(parsed, response.status);
    throw new ApiError(message, response.status, code);
  }
  return parsed as Success<R>;
}

/** What Better Auth's client answers: `{ data, error }`. */
export type AuthAnswer = { data: unknown; error: null } | { data: null; error: { status: number; message?: string; code?: string } };

/** The data of an answer without error (getSession's is null when signed out). */
export type AuthData<R> = R extends { error: null; data: infer D } ? D : never;

/** Better Auth's client answers `{ data, error }`; the console's queries want the data or a thrown `ApiError`. */
export async function readAuth<R extends AuthAnswer>(call: Promise<R>): Promise<AuthData<R>> {
  let answer: AuthAnswer;
  try {
    answer = await call;
  } catch {
    throw unreachable();
  }
  if (answer.error) {
    const { message, code } = errorOf(answer.error, answer.error.status);
    throw new ApiError(message, answer.error.status, code);
  }
  return answer.data as AuthData<R>;
}

export function errorMessage(error: unknown): string | undefined {
  if (!error) return undefined;
  return error instanceof Error ? error.message : "Something went wrong.";
}
