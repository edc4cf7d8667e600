import type { BrowserAgent } from "./browser-agent.ts";
import { TEST_WEB_URL } from "./test-server.ts";
import type { TestServer } from "./test-server.ts";

export interface JsonResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * The console's own calls: JSON with the session cookie from the console's origin, any method
 * (the browser agent only posts and gets). `agent` undefined is an anonymous caller.
 */
export async function callApi<T = Record<string, unknown>>(
  server: TestServer,
  agent: BrowserAgent | undefined,
  method: "GET" | "POST" | "PATCH" | "DELETE",
  path: string,
  body?: unknown,
): Promise<JsonResponse<T>> {
  const cookie = agent?.cookieHeader();
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      origin: TEST_WEB_URL,
      accept: "application/json",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...(cookie ? { cookie } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as T };
}

/**
 * A raw token request with client_secret_basic, for asserting refusals by status and OAuth error
 * code (openid-client turns a 401 with WWW-Authenticate into a challenge error without the code).
 */
export async function tokenRequest(
  server: TestServer,
  client: { client_id: string; client_secret?: string },
  grant: Record<string, string>,
): Promise<{ status: number; body: { error?: string; access_token?: string; refresh_token?: string } }> {
  const credentials = Buffer.from(`${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret ?? "")}`).toString("base64");
  const response = await fetch(`${server.issuer}/oauth2/token`, {
    method: "POST",
    headers: { authorization: `Basic ${credentials}`, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams(grant).toString(),
  });
  return { status: response.status, body: (await response.json()) as { error?: string } };
}
