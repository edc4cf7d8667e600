import { expect } from "vitest";
import { createHash, randomBytes } from "node:crypto";
import * as schema from "@iam/db/schema";
import { count } from "drizzle-orm";
import { createLogger } from "../http/logger.ts";
import { completeAuthorization, registerClient, RP_REDIRECT_URI, signInAdmin, signUp, startTestServerOn, TEST_WEB_URL } from "@iam/testing";
import type { BrowserAgent, RegisteredClient, TestDatabaseKind, TestServer } from "@iam/testing";
import type { ServerConfig } from "../config/server-config.ts";

export interface HttpResult {
  status: number;
  headers: Headers;
  body: string;
  json: Record<string, unknown>;
}

/** Tables whose row counts prove that a refused request persisted nothing. */
const COUNTED = {
  user: schema.user,
  session: schema.session,
  verification: schema.verification,
  oauthClient: schema.oauthClient,
  oauthAccessToken: schema.oauthAccessToken,
  oauthRefreshToken: schema.oauthRefreshToken,
  oauthConsent: schema.oauthConsent,
} as const;
export type RowCounts = Record<keyof typeof COUNTED, number>;

export interface SecurityFixture {
  server: TestServer;
  /** Every JSON log line the server wrote during the run. */
  logLines: string[];
  admin: BrowserAgent;
  user: BrowserAgent;
  userEmail: string;
  userPassword: string;
  /** Confidential (client_secret_basic), consent skipped, refresh allowed. */
  confidential: RegisteredClient;
  /** Public (none) client, PKCE only. */
  publicClient: RegisteredClient;
  close(): Promise<void>;
}

export async function startSecurityFixture(kind: TestDatabaseKind, overrides: Partial<ServerConfig> = {}): Promise<SecurityFixture> {
  const logLines: string[] = [];
  const server = await startTestServerOn(
    kind,
    { logLevel: "debug", ...overrides },
    createLogger("debug", (line) => logLines.push(line)),
  );
  const userEmail = `user-${randomBytes(4).toString("hex")}@test.example`;
  const userPassword = `pw-${randomBytes(9).toString("base64url")}`;
  const user = await signUp(server, userEmail, userPassword, "Sec User");
  const admin = await signInAdmin(server);
  const confidential = await registerClient(server, admin, {
    grant_types: ["authorization_code", "refresh_token", "client_credentials"],
    client_credentials_scopes: ["api:read"],
    skip_consent: true,
    enable_end_session: true,
    post_logout_redirect_uris: ["http://localhost:8765/logged-out"],
    token_endpoint_auth_method: "client_secret_basic",
  });
  const publicClient = await registerClient(server, admin, { token_endpoint_auth_method: "none", skip_consent: true });
  return {
    server,
    logLines,
    admin,
    user,
    userEmail,
    userPassword,
    confidential,
    publicClient,
    close: () => server.close(),
  };
}

export async function rowCounts(server: TestServer): Promise<RowCounts> {
  const entries = await Promise.all(
    Object.entries(COUNTED).map(async ([name, table]) => {
      const [row] = await server.database.db.select({ n: count() }).from(table);
      return [name, row?.n ?? 0] as const;
    }),
  );
  return Object.fromEntries(entries) as RowCounts;
}

/** Request log lines with a 5xx status, and unhandled errors: the suite asserts there are none. */
export function serverErrors(logLines: readonly string[]): string[] {
  return logLines.filter((line) => {
    const entry = JSON.parse(line) as { message?: string; status?: number };
    return (entry.message === "request" && (entry.status ?? 0) >= 500) || entry.message === "unhandled error";
  });
}

/** A suite's afterAll: closes the fixture's server, then fails the suite if it answered a 5xx or logged an unhandled error. */
export async function closeExpectingNoServerErrors(fx: SecurityFixture | undefined): Promise<void> {
  const errors = fx ? serverErrors(fx.logLines) : [];
  await fx?.close();
  expect(errors).toEqual([]);
}

export async function http(url: string, init: RequestInit = {}): Promise<HttpResult> {
  const response = await fetch(url, { redirect: "manual", ...init });
  const body = await response.text();
  let json: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === "object") json = parsed as Record<string, unknown>;
  } catch {
    // Not JSON: tests that care look at `body`.
  }
  return { status: response.status, headers: response.headers, body, json };
}

export function basic(clientId: string, secret: string | undefined): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret ?? "")}`).toString("base64")}`;
}

/** A form POST as relying parties send to token, introspection and revocation endpoints. */
export function postForm(url: string, fields: Record<string, string>, authorization?: string): Promise<HttpResult> {
  return http(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(authorization ? { authorization } : {}) },
    body: new URLSearchParams(fields).toString(),
  });
}

export interface PkcePair {
  verifier: string;
  challenge: string;
}

export function pkce(): PkcePair {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export function authorizeUrl(server: TestServer, params: Record<string, string>): string {
  return `${server.issuer}/oauth2/authorize?${new URLSearchParams(params).toString()}`;
}

export interface IssuedCode {
  code: string;
  verifier: string;
  redirectUri: string;
}

/** Runs authorize for a signed-in browser and returns the code from the callback. */
export async function obtainCode(
  server: TestServer,
  browser: BrowserAgent,
  client: RegisteredClient,
  scope = "openid profile email offline_access",
): Promise<IssuedCode> {
  const { verifier, challenge } = pkce();
  const url = authorizeUrl(server, {
    response_type: "code",
    client_id: client.client_id,
    redirect_uri: RP_REDIRECT_URI,
    scope,
    state: randomBytes(8).toString("hex"),
    code_challenge: challenge,
    code_challenge_method: "S256",
    ...(scope.includes("offline_access") ? { prompt: "consent" } : {}),
  });
  const callback = new URL(await completeAuthorization(browser, server.url, url));
  const code = callback.searchParams.get("code");
  if (!code) throw new Error(`no code in callback ${callback.origin}${callback.pathname}: ${callback.searchParams.get("error")}`);
  return { code, verifier, redirectUri: RP_REDIRECT_URI };
}

export interface TokenSet {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  scope?: string;
}

export function tokenUrl(server: TestServer): string {
  return `${server.issuer}/oauth2/token`;
}

export async function redeem(server: TestServer, client: RegisteredClient, issued: IssuedCode): Promise<HttpResult> {
  const confidential = client.client_secret !== undefined;
  return postForm(
    tokenUrl(server),
    {
      grant_type: "authorization_code",
      code: issued.code,
      redirect_uri: issued.redirectUri,
      code_verifier: issued.verifier,
      ...(confidential ? {} : { client_id: client.client_id }),
    },
    confidential ? basic(client.client_id, client.client_secret) : undefined,
  );
}

export async function issueTokens(server: TestServer, browser: BrowserAgent, client: RegisteredClient, scope?: string): Promise<TokenSet> {
  const response = await redeem(server, client, await obtainCode(server, browser, client, scope));
  if (response.status !== 200) throw new Error(`token exchange failed: ${response.status} ${response.body}`);
  return response.json as unknown as TokenSet;
}

export { RP_REDIRECT_URI, TEST_WEB_URL };

/** Runs a refused request and proves it left no row behind in any counted table. */
export async function withoutPersisting<T>(server: TestServer, action: () => Promise<T>): Promise<T> {
  const before = await rowCounts(server);
  const result = await action();
  const after = await rowCounts(server);
  // A refused redemption may still consume the code (its verification row): only growth counts.
  const grown = (Object.keys(before) as (keyof RowCounts)[]).filter((table) => after[table] > before[table]);
  if (grown.length > 0) throw new Error(`request persisted rows in ${grown.join(", ")}: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
  return result;
}

export async function introspect(server: TestServer, client: RegisteredClient, token: string): Promise<Record<string, unknown>> {
  const response = await postForm(`${server.issuer}/oauth2/introspect`, { token }, basic(client.client_id, client.client_secret));
  if (response.status !== 200) throw new Error(`introspection failed: ${response.status} ${response.body}`);
  return response.json;
}

export function refresh(server: TestServer, client: RegisteredClient, refreshToken: string, extra: Record<string, string> = {}): Promise<HttpResult> {
  return postForm(tokenUrl(server), { grant_type: "refresh_token", refresh_token: refreshToken, ...extra }, basic(client.client_id, client.client_secret));
}
