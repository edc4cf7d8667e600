import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, signIn, signInAdmin, signUp, testDatabaseKinds, startTestServerOn } from "@iam/testing";
import type { BrowserAgent, TestServer } from "@iam/testing";

type Method = "GET" | "POST" | "PATCH" | "DELETE";

/** Every admin route, with a body that would be valid for an admin. */
const ROUTES: [Method, string, unknown?][] = [
  ["GET", "/api/admin/oauth-clients"],
  ["POST", "/api/admin/oauth-clients", { client_name: "x", redirect_uris: ["https://rp.example/cb"] }],
  ["GET", "/api/admin/oauth-clients/some-client"],
  ["PATCH", "/api/admin/oauth-clients/some-client", { client_name: "y" }],
  ["DELETE", "/api/admin/oauth-clients/some-client"],
  ["POST", "/api/admin/oauth-clients/some-client/rotate-secret"],
  ["GET", "/api/admin/consents"],
  ["PATCH", "/api/admin/consents/some-consent", { scopes: ["openid"] }],
  ["DELETE", "/api/admin/consents/some-consent"],
  ["GET", "/api/admin/signing-keys"],
  ["POST", "/api/admin/signing-keys/rotate"],
  ["GET", "/api/admin/dashboard"],
];

describe.each(testDatabaseKinds())("admin API access control on $label", (kind) => {
  let server: TestServer;
  let admin: BrowserAgent;
  let user: BrowserAgent;

  beforeAll(async () => {
    server = await startTestServerOn(kind);
    admin = await signInAdmin(server);
    user = await signUp(server, "eve@test.example", "eve-password-123", "Eve");
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each(ROUTES)("%s %s: 401 anonymous, 403 non-admin", async (method, path, body) => {
    const anonymous = await callApi(server, undefined, method, path, body);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ error: "unauthorized" });
    const nonAdmin = await callApi(server, user, method, path, body);
    expect(nonAdmin.status).toBe(403);
    expect(nonAdmin.body).toMatchObject({ error: "forbidden" });
  });

  it("answers admins, with no-store", async () => {
    const response = await callApi(server, admin, "GET", "/api/admin/dashboard");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("refuses roles that are not defined", async () => {
    const { body: me } = await callApi<{ user: { id: string } }>(server, user, "GET", "/api/auth/get-session");
    const response = await callApi(server, admin, "POST", "/api/auth/admin/set-role", { userId: me.user.id, role: "superuser" });
    expect(response.status).toBe(400);
    const created = await callApi(server, admin, "POST", "/api/auth/admin/create-user", {
      email: "root@test.example",
      password: "root-password-123",
      name: "Root",
      role: "owner",
    });
    expect(created.status).toBe(400);
  });

  it("applies a role change at once, also to sessions already open", async () => {
    const carol = await signUp(server, "carol@test.example", "carol-password-123", "Carol");
    const { body: me } = await callApi<{ user: { id: string } }>(server, carol, "GET", "/api/auth/get-session");
    expect((await callApi(server, carol, "GET", "/api/admin/dashboard")).status).toBe(403);

    const promoted = await callApi(server, admin, "POST", "/api/auth/admin/set-role", { userId: me.user.id, role: "admin" });
    expect(promoted.status).toBe(200);
    expect((await callApi(server, carol, "GET", "/api/admin/dashboard")).status).toBe(200);

    const demoted = await callApi(server, admin, "POST", "/api/auth/admin/set-role", { userId: me.user.id, role: "user" });
    expect(demoted.status).toBe(200);
    expect((await callApi(server, carol, "GET", "/api/admin/dashboard")).status).toBe(403);
    // The plugin's own client endpoints follow the role too.
    const plugin = await callApi(server, carol, "POST", "/api/auth/oauth2/create-client", { redirect_uris: ["https://rp.example/cb"] });
    expect([401, 403]).toContain(plugin.status);
  });

  it("never demotes, bans or deletes the last admin", async () => {
    const { body: me } = await callApi<{ user: { id: string } }>(server, admin, "GET", "/api/auth/get-session");
    for (const [path, body, refusal] of [
      ["/api/auth/admin/set-role", { userId: me.user.id, role: "user" }, { error: "invalid_request" }],
      // Better Auth refuses a self-ban before anything is written; the last-admin rule would too.
      ["/api/auth/admin/ban-user", { userId: me.user.id }, { code: "YOU_CANNOT_BAN_YOURSELF" }],
      ["/api/auth/admin/remove-user", { userId: me.user.id }, { error: "invalid_request" }],
    ] as const) {
      const refused = await callApi(server, admin, "POST", path, body);
      expect(refused.status, path).toBe(400);
      expect(refused.body, path).toMatchObject(refusal);
    }
    expect((await callApi(server, admin, "GET", "/api/admin/dashboard")).status).toBe(200);

    // With a second admin, the first may step down.
    const ivan = await signUp(server, "ivan@test.example", "ivan-password-123", "Ivan");
    const { body: ivanSession } = await callApi<{ user: { id: string } }>(server, ivan, "GET", "/api/auth/get-session");
    expect((await callApi(server, admin, "POST", "/api/auth/admin/set-role", { userId: ivanSession.user.id, role: "admin" })).status).toBe(200);
    expect((await callApi(server, ivan, "POST", "/api/auth/admin/set-role", { userId: me.user.id, role: "user" })).status).toBe(200);
    expect((await callApi(server, admin, "GET", "/api/admin/dashboard")).status).toBe(403);
    // Now Ivan is the last admin, and a non-admin's attempt gets Better Auth's refusal, not the hint.
    const byNonAdmin = await callApi(server, admin, "POST", "/api/auth/admin/set-role", { userId: ivanSession.user.id, role: "user" });
    expect(byNonAdmin.status).toBe(403);
    expect((await callApi(server, ivan, "POST", "/api/auth/admin/set-role", { userId: me.user.id, role: "admin" })).status).toBe(200);
  });

  it("keeps a banned user's sessions out", async () => {
    const dave = await signUp(server, "dave@test.example", "dave-password-123", "Dave");
    const { body: me } = await callApi<{ user: { id: string } }>(server, dave, "GET", "/api/auth/get-session");
    const banned = await callApi(server, admin, "POST", "/api/auth/admin/ban-user", { userId: me.user.id, banReason: "test" });
    expect(banned.status).toBe(200);
    const session = await callApi(server, dave, "GET", "/api/auth/get-session");
    expect(session.body).toBeNull();
    await expect(signIn(server, "dave@test.example", "dave-password-123")).rejects.toThrow(/sign-in failed/);
  });
});
