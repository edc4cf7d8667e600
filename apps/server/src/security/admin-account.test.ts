import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerClient, signUp, testDatabaseKinds } from "@iam/testing";
import type { BrowserAgent, RegisteredClient } from "@iam/testing";
import * as f from "./fixture.ts";

const EVIL_ORIGIN = "https://evil.example";

describe.each(testDatabaseKinds())("admin and account API attacks on $label", (kind) => {
  let fx: f.SecurityFixture;
  let mallory: BrowserAgent;
  let consenting: RegisteredClient;
  let victimConsentId: string;

  beforeAll(async () => {
    fx = await f.startSecurityFixture(kind);
    mallory = await signUp(fx.server, "mallory@test.example", "mallory-password-123");
    consenting = await registerClient(fx.server, fx.admin, {});
    await f.issueTokens(fx.server, fx.user, consenting);
    const consents = JSON.parse((await fx.user.fetchJson(`${fx.server.url}/api/auth/oauth2/get-consents`, "GET")).body) as { id: string }[];
    victimConsentId = consents[0]?.id ?? "";
    expect(victimConsentId).not.toBe("");
  });
  afterAll(() => f.closeExpectingNoServerErrors(fx));

  function call(method: string, path: string, options: { agent?: BrowserAgent; origin?: string; body?: unknown } = {}): Promise<f.HttpResult> {
    const cookie = options.agent?.cookieHeader();
    return f.http(`${fx.server.url}${path}`, {
      method,
      headers: {
        origin: options.origin ?? f.TEST_WEB_URL,
        "content-type": "application/json",
        ...(cookie ? { cookie } : {}),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  }

  const ADMIN_ROUTES: [string, string, unknown?][] = [
    ["GET", "/api/admin/oauth-clients"],
    ["POST", "/api/admin/oauth-clients", { client_name: "x", redirect_uris: ["https://x.example/cb"] }],
    ["GET", "/api/admin/oauth-clients/CLIENT"],
    ["PATCH", "/api/admin/oauth-clients/CLIENT", { client_name: "renamed" }],
    ["DELETE", "/api/admin/oauth-clients/CLIENT"],
    ["POST", "/api/admin/oauth-clients/CLIENT/rotate-secret", {}],
    ["GET", "/api/admin/consents"],
    ["PATCH", "/api/admin/consents/CONSENT", { scopes: ["openid"] }],
    ["DELETE", "/api/admin/consents/CONSENT"],
    ["GET", "/api/admin/signing-keys"],
    ["POST", "/api/admin/signing-keys/rotate", {}],
    ["GET", "/api/admin/dashboard"],
    ["GET", "/api/admin/audit-log"],
  ];
  const resolve = (path: string) => path.replace("CLIENT", fx.confidential.client_id).replace("CONSENT", victimConsentId);

  it.each(ADMIN_ROUTES)("%s %s refuses anonymous callers with 401", async (method, path, body) => {
    const response = await f.withoutPersisting(fx.server, () => call(method, resolve(path), { body }));
    expect({ status: response.status, error: response.json.error }).toEqual({ status: 401, error: "unauthorized" });
  });

  it.each(ADMIN_ROUTES)("%s %s refuses non-admins with 403", async (method, path, body) => {
    const response = await f.withoutPersisting(fx.server, () => call(method, resolve(path), { agent: mallory, body }));
    expect({ status: response.status, error: response.json.error }).toEqual({ status: 403, error: "forbidden" });
  });

  it.each([
    ["GET", "/api/auth/admin/list-users"],
    ["POST", "/api/auth/admin/set-role", { userId: "x", role: "admin" }],
    ["POST", "/api/auth/admin/ban-user", { userId: "x" }],
    ["POST", "/api/auth/admin/impersonate-user", { userId: "x" }],
    ["POST", "/api/auth/oauth2/create-client", { client_name: "x", redirect_uris: ["https://x.example/cb"] }],
  ] as [string, string, unknown?][])("Better Auth's %s %s refuses non-admins", async (method, path, body) => {
    const response = await f.withoutPersisting(fx.server, () => call(method, path, { agent: mallory, body }));
    expect([401, 403]).toContain(response.status);
  });

  it.each([
    ["reads", "GET", (id: string) => `/api/auth/oauth2/get-consent?id=${id}`, undefined],
    ["edits", "POST", () => "/api/auth/oauth2/update-consent", (id: string) => ({ id, update: { scopes: ["openid"] } })],
    ["deletes", "POST", () => "/api/auth/oauth2/delete-consent", (id: string) => ({ id })],
  ] as const)("a user who %s another user's consent gets the same answer as for a missing one", async (_label, method, path, body) => {
    const foreign = await f.withoutPersisting(fx.server, () => call(method, path(victimConsentId), { agent: mallory, body: body?.(victimConsentId) }));
    const missing = await call(method, path("no-such-consent"), { agent: mallory, body: body?.("no-such-consent") });
    expect(foreign.status).toBeGreaterThanOrEqual(400);
    expect(foreign.status).toBeLessThan(500);
    expect({ status: foreign.status, error: foreign.json.error ?? foreign.json.code }).toEqual({
      status: missing.status,
      error: missing.json.error ?? missing.json.code,
    });
    const mine = JSON.parse((await fx.user.fetchJson(`${fx.server.url}/api/auth/oauth2/get-consents`, "GET")).body) as { id: string; scopes: string[] }[];
    expect(mine.find((consent) => consent.id === victimConsentId)?.scopes).toContain("offline_access");
  });

  it.each([
    ["reads", "GET", (id: string) => `/api/auth/oauth2/get-client?client_id=${id}`, undefined],
    ["edits", "POST", () => "/api/auth/oauth2/update-client", (id: string) => ({ client_id: id, update: { client_name: "pwned" } })],
    ["deletes", "POST", () => "/api/auth/oauth2/delete-client", (id: string) => ({ client_id: id })],
  ] as const)("a user who %s a client they do not own gets the same answer as for a missing one", async (_label, method, path, body) => {
    const id = fx.confidential.client_id;
    const foreign = await f.withoutPersisting(fx.server, () => call(method, path(id), { agent: mallory, body: body?.(id) }));
    const missing = await call(method, path("no-such-client"), { agent: mallory, body: body?.("no-such-client") });
    expect(foreign.status).toBeGreaterThanOrEqual(400);
    expect(foreign.status).toBeLessThan(500);
    expect(foreign.status).toBe(missing.status);
    const view = await call("GET", `/api/admin/oauth-clients/${id}`, { agent: fx.admin });
    expect(view.status).toBe(200);
    expect(view.json.client_name).not.toBe("pwned");
  });

  it("refuses a cross-origin state-changing admin request carrying the admin's cookie", async () => {
    const response = await f.withoutPersisting(fx.server, () =>
      call("POST", "/api/admin/oauth-clients", {
        agent: fx.admin,
        origin: EVIL_ORIGIN,
        body: { client_name: "csrf", redirect_uris: ["https://x.example/cb"] },
      }),
    );
    expect({ status: response.status, error: response.json.error }).toEqual({ status: 403, error: "forbidden" });
  });

  it("refuses a cross-origin admin deletion carrying the admin's cookie", async () => {
    const response = await f.withoutPersisting(fx.server, () =>
      call("DELETE", `/api/admin/oauth-clients/${fx.confidential.client_id}`, { agent: fx.admin, origin: EVIL_ORIGIN }),
    );
    expect(response.status).toBe(403);
    expect((await call("GET", `/api/admin/oauth-clients/${fx.confidential.client_id}`, { agent: fx.admin })).status).toBe(200);
  });

  it.each([
    ["sign-in", "/api/auth/sign-in/email", () => ({ email: fx.userEmail, password: fx.userPassword })],
    ["sign-up", "/api/auth/sign-up/email", () => ({ email: `x-${randomBytes(3).toString("hex")}@test.example`, password: "some-password-123", name: "X" })],
    ["consent", "/api/auth/oauth2/consent", () => ({ accept: true, oauth_query: "client_id=x" })],
    ["sign-out", "/api/auth/sign-out", () => ({})],
  ])("refuses a cross-origin %s", async (_label, path, body) => {
    const response = await f.withoutPersisting(fx.server, () => call("POST", path, { agent: fx.user, origin: EVIL_ORIGIN, body: body() }));
    expect(response.status).toBe(403);
    expect(response.headers.get("set-cookie") ?? "").not.toMatch(/session_token=[^;]/);
  });

  it.each([
    ["sign-in callbackURL", "/api/auth/sign-in/email", () => ({ email: fx.userEmail, password: fx.userPassword, callbackURL: `${EVIL_ORIGIN}/steal` })],
    [
      "sign-up callbackURL",
      "/api/auth/sign-up/email",
      () => ({ email: `y-${randomBytes(3).toString("hex")}@test.example`, password: "some-password-123", name: "Y", callbackURL: `${EVIL_ORIGIN}/steal` }),
    ],
    ["password reset redirectTo", "/api/auth/request-password-reset", () => ({ email: fx.userEmail, redirectTo: `${EVIL_ORIGIN}/steal` })],
    [
      "protocol-relative callbackURL",
      "/api/auth/sign-in/email",
      () => ({ email: fx.userEmail, password: fx.userPassword, callbackURL: "//evil.example/steal" }),
    ],
  ])("refuses an open redirect through the %s", async (_label, path, body) => {
    const response = await f.withoutPersisting(fx.server, () => call("POST", path, { body: body() }));
    expect(response.status).toBe(403);
    expect(response.headers.get("location")).toBeNull();
    expect(response.body).not.toContain("evil.example");
  });
});
