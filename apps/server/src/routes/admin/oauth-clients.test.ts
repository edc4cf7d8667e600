import { oauthAccessToken, oauthClient, oauthConsent, oauthRefreshToken } from "@iam/db/schema";
import { count, eq } from "drizzle-orm";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  callApi,
  tokenRequest,
  discoverClient,
  registerClient,
  RP_REDIRECT_URI,
  runCodeFlow,
  signInAdmin,
  signUp,
  testDatabaseKinds,
  startTestServerOn,
} from "@iam/testing";
import type { BrowserAgent, TestServer } from "@iam/testing";

interface ClientList {
  clients: { client_id: string; client_name: string; disabled: boolean }[];
  total: number;
}

describe.each(testDatabaseKinds())("admin API: OAuth clients on $label", (kind) => {
  let server: TestServer;
  let admin: BrowserAgent;
  let user: BrowserAgent;

  beforeAll(async () => {
    server = await startTestServerOn(kind);
    admin = await signInAdmin(server);
    user = await signUp(server, "rita@test.example", "rita-password-123", "Rita");
  });
  afterAll(async () => {
    await server?.close();
  });

  const rows = async (table: typeof oauthConsent | typeof oauthRefreshToken | typeof oauthAccessToken, clientId: string) => {
    const [row] = await server.database.db.select({ value: count() }).from(table).where(eq(table.clientId, clientId));
    return row?.value ?? 0;
  };

  it("lists clients with search and pagination, never with secrets", async () => {
    for (const name of ["Alpha billing", "Beta portal", "Gamma 100%_off"]) await registerClient(server, admin, { client_name: name });

    const all = await callApi<ClientList>(server, admin, "GET", "/api/admin/oauth-clients?limit=2");
    expect(all.status).toBe(200);
    expect(all.body.clients).toHaveLength(2);
    expect(all.body.total).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(all.body)).not.toContain('client_secret"');

    const next = await callApi<ClientList>(server, admin, "GET", "/api/admin/oauth-clients?limit=2&offset=2");
    expect(next.body.clients.map((c) => c.client_id)).not.toContain(all.body.clients[0]!.client_id);

    const found = await callApi<ClientList>(server, admin, "GET", `/api/admin/oauth-clients?q=${encodeURIComponent("beta")}`);
    expect(found.body.clients.map((c) => c.client_name)).toEqual(["Beta portal"]);
    // Wildcards are literal text.
    const literal = await callApi<ClientList>(server, admin, "GET", `/api/admin/oauth-clients?q=${encodeURIComponent("100%_")}`);
    expect(literal.body.clients.map((c) => c.client_name)).toEqual(["Gamma 100%_off"]);
    const none = await callApi<ClientList>(server, admin, "GET", `/api/admin/oauth-clients?q=${encodeURIComponent("%")}&status=disabled`);
    expect(none.body).toMatchObject({ clients: [], total: 0 });

    // NUL cannot be stored in PostgreSQL text: refused as bad input, not a database error.
    for (const path of ["/api/admin/oauth-clients?q=%00", "/api/admin/oauth-clients/a%00b", "/api/admin/consents?user_id=%00"]) {
      expect((await callApi(server, admin, "GET", path)).status).toBe(400);
    }
    expect(
      (await callApi(server, admin, "POST", "/api/admin/oauth-clients", { client_name: "nul\u0000", redirect_uris: ["https://rp.example/cb"] })).status,
    ).toBe(400);
    const bad = await callApi(server, admin, "GET", "/api/admin/oauth-clients?limit=0");
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: "invalid_request" });
  });

  it("shows one client with admin fields, 404 for an unknown one", async () => {
    const created = await registerClient(server, admin, { client_name: "Detail app", skip_consent: true, enable_end_session: true });
    const detail = await callApi(server, admin, "GET", `/api/admin/oauth-clients/${created.client_id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      client_id: created.client_id,
      client_name: "Detail app",
      client_type: "confidential",
      application_type: "native",
      skip_consent: true,
      enable_end_session: true,
      require_pkce: true,
      disabled: false,
      redirect_uris: [RP_REDIRECT_URI],
    });
    expect(detail.body.client_secret).toBeUndefined();
    const missing = await callApi(server, admin, "GET", "/api/admin/oauth-clients/no-such-client");
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: "not_found" });
  });

  it("edits a client through the plugin and the fields it cannot set, validating both", async () => {
    const created = await registerClient(server, admin, { client_name: "Editable", client_uri: "https://editable.example" });
    const path = `/api/admin/oauth-clients/${created.client_id}`;

    const edited = await callApi(server, admin, "PATCH", path, {
      client_name: "Edited",
      redirect_uris: ["http://localhost:8765/callback", "http://localhost:8765/other"],
      post_logout_redirect_uris: ["http://localhost:8765/bye"],
      client_uri: null,
      skip_consent: true,
      require_pkce: false,
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      client_name: "Edited",
      redirect_uris: ["http://localhost:8765/callback", "http://localhost:8765/other"],
      post_logout_redirect_uris: ["http://localhost:8765/bye"],
      skip_consent: true,
      require_pkce: false,
    });
    expect(edited.body.client_uri).toBeUndefined();

    const invalid = await Promise.all([
      callApi(server, admin, "PATCH", path, { redirect_uris: ["not a url"] }),
      callApi(server, admin, "PATCH", path, { unknown: 1 }),
      callApi(server, admin, "PATCH", path, {}),
      callApi(server, admin, "PATCH", path, { redirect_uris: [] }),
      callApi(server, admin, "PATCH", path, { token_endpoint_auth_method: "none" }),
    ]);
    for (const response of invalid) expect(response).toMatchObject({ status: 400, body: { error: "invalid_request" } });
    // The plugin's own rule: a web client needs https redirect URIs off loopback.
    const insecure = await callApi(server, admin, "PATCH", path, { application_type: "web", redirect_uris: ["http://rp.example/cb"] });
    expect(insecure.status).toBe(400);
    const unchanged = await callApi(server, admin, "GET", path);
    expect(unchanged.body).toMatchObject({ client_name: "Edited", application_type: "native" });

    const notJson = await fetch(`${server.url}${path}`, {
      method: "PATCH",
      headers: { cookie: admin.cookieHeader(), "content-type": "application/json" },
      body: "{",
    });
    expect(notJson.status).toBe(400);
  });

  it("refuses PKCE-less public clients and client_credentials for public clients", async () => {
    const publicClient = await registerClient(server, admin, { client_name: "SPA", token_endpoint_auth_method: "none" });
    expect(publicClient.client_secret).toBeUndefined();
    const path = `/api/admin/oauth-clients/${publicClient.client_id}`;
    expect((await callApi(server, admin, "PATCH", path, { require_pkce: false })).status).toBe(400);
    expect((await callApi(server, admin, "PATCH", path, { grant_types: ["client_credentials"] })).status).toBe(400);
    const rotate = await callApi(server, admin, "POST", `${path}/rotate-secret`);
    expect(rotate).toMatchObject({ status: 400, body: { error: "invalid_request" } });
  });

  it("rotates a secret: shown once, the old one refused at the token endpoint, the new one accepted", async () => {
    const created = await registerClient(server, admin, {
      client_name: "Rotating",
      grant_types: ["authorization_code", "refresh_token", "client_credentials"],
      client_credentials_scopes: ["api:read"],
    });
    const oldConfig = await discoverClient(server, created);
    await oidc.clientCredentialsGrant(oldConfig, { scope: "api:read" });

    const rotated = await callApi<{ client_secret: string }>(server, admin, "POST", `/api/admin/oauth-clients/${created.client_id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.headers.get("cache-control")).toBe("no-store");
    expect(rotated.body.client_secret).toEqual(expect.any(String));
    expect(rotated.body.client_secret).not.toBe(created.client_secret);

    const refused = await tokenRequest(server, created, { grant_type: "client_credentials", scope: "api:read" });
    expect(refused).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    const newConfig = await discoverClient(server, { ...created, client_secret: rotated.body.client_secret });
    const tokens = await oidc.clientCredentialsGrant(newConfig, { scope: "api:read" });
    expect(tokens.access_token).toEqual(expect.any(String));
    const detail = await callApi(server, admin, "GET", `/api/admin/oauth-clients/${created.client_id}`);
    expect(detail.body.client_secret).toBeUndefined();
  });

  it("disables and re-enables a client", async () => {
    const created = await registerClient(server, admin, { client_name: "Switchable", skip_consent: true });
    const config = await discoverClient(server, created);
    const { tokens } = await runCodeFlow(config, user);
    const path = `/api/admin/oauth-clients/${created.client_id}`;

    expect((await callApi(server, admin, "PATCH", path, { disabled: true })).body).toMatchObject({ disabled: true });
    const disabledList = await callApi<ClientList>(server, admin, "GET", "/api/admin/oauth-clients?status=disabled");
    expect(disabledList.body.clients.map((c) => c.client_id)).toEqual([created.client_id]);
    const refused = await tokenRequest(server, created, { grant_type: "refresh_token", refresh_token: tokens.refresh_token! });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.body.error).toBe("invalid_client");

    expect((await callApi(server, admin, "PATCH", path, { disabled: false })).body).toMatchObject({ disabled: false });
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).toEqual(expect.any(String));
  });

  it("deletes a client with its consents and tokens", async () => {
    const created = await registerClient(server, admin, { client_name: "Doomed" });
    const config = await discoverClient(server, created);
    const { tokens } = await runCodeFlow(config, user);
    expect(await rows(oauthConsent, created.client_id)).toBe(1);
    expect(await rows(oauthRefreshToken, created.client_id)).toBeGreaterThan(0);

    const deleted = await callApi(server, admin, "DELETE", `/api/admin/oauth-clients/${created.client_id}`);
    expect(deleted.status).toBe(204);

    expect(await rows(oauthConsent, created.client_id)).toBe(0);
    expect(await rows(oauthRefreshToken, created.client_id)).toBe(0);
    expect(await rows(oauthAccessToken, created.client_id)).toBe(0);
    const refused = await tokenRequest(server, created, { grant_type: "refresh_token", refresh_token: tokens.refresh_token! });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(["invalid_client", "invalid_grant"]).toContain(refused.body.error);
    expect((await callApi(server, admin, "GET", `/api/admin/oauth-clients/${created.client_id}`)).status).toBe(404);
    expect((await callApi(server, admin, "DELETE", `/api/admin/oauth-clients/${created.client_id}`)).status).toBe(404);
  });

  it("lets any admin manage a client another admin created, including older per-user clients", async () => {
    const created = await registerClient(server, admin, { client_name: "Shared" });
    // A client from before clients belonged to the administrators: owned by one user.
    const { body: me } = await callApi<{ user: { id: string } }>(server, admin, "GET", "/api/auth/get-session");
    await server.database.db.update(oauthClient).set({ userId: me.user.id, referenceId: null }).where(eq(oauthClient.clientId, created.client_id));
    await callApi(server, admin, "POST", "/api/auth/admin/create-user", {
      email: "second-admin@test.example",
      password: "second-admin-password",
      name: "Second Admin",
      role: "admin",
    });
    const { signIn } = await import("@iam/testing");
    const second = await signIn(server, "second-admin@test.example", "second-admin-password");
    const path = `/api/admin/oauth-clients/${created.client_id}`;
    expect((await callApi(server, second, "PATCH", path, { client_name: "Shared, renamed" })).body).toMatchObject({ client_name: "Shared, renamed" });
    expect((await callApi(server, second, "POST", `${path}/rotate-secret`)).status).toBe(200);
    expect((await callApi(server, second, "DELETE", path)).status).toBe(204);
  });
});
