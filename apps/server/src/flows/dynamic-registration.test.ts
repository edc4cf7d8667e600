import { backchannelLogoutDelivery, initialAccessToken, oauthClient, oauthConsent } from "@iam/db/schema";
import { and, eq } from "drizzle-orm";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, RP_REDIRECT_URI, runCodeFlow, signInAdmin, signUp, startTestServerOn, testDatabaseKinds } from "@iam/testing";
import type { BrowserAgent, TestServer } from "@iam/testing";

interface IssuedToken {
  id: string;
  token: string;
  name: string;
  status: string;
}
interface AdminClient {
  client_id: string;
  skip_consent: boolean;
  require_pkce: boolean;
  scope?: string;
  dynamically_registered?: boolean;
  initial_access_token_id?: string;
}

const metadata: Partial<oidc.ClientMetadata> = {
  client_name: "Registered by CI",
  redirect_uris: [RP_REDIRECT_URI],
  application_type: "native",
  token_endpoint_auth_method: "client_secret_post",
  grant_types: ["authorization_code", "refresh_token"],
};

/** openid-client's RFC 7591 registration, as a platform team's tooling would call it. */
function register(server: TestServer, initialAccessToken: string | undefined, extra: Partial<oidc.ClientMetadata> = {}) {
  return oidc.dynamicClientRegistration(new URL(server.issuer), { ...metadata, ...extra }, undefined, {
    execute: [oidc.allowInsecureRequests],
    ...(initialAccessToken ? { initialAccessToken } : {}),
  });
}

/** The registration endpoint's raw answer, for asserting refusals by status and OAuth error code. */
async function rawRegister(server: TestServer, authorization: string | undefined, body: Record<string, unknown>) {
  const response = await fetch(`${server.issuer}/oauth2/register`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { error?: string; client_id?: string } };
}

describe.each(testDatabaseKinds())("dynamic client registration (RFC 7591) on $label", (kind) => {
  let server: TestServer;
  let admin: BrowserAgent;
  let person: BrowserAgent;

  beforeAll(async () => {
    server = await startTestServerOn(kind);
    admin = await signInAdmin(server);
    person = await signUp(server, "dora@test.example", "dora-password-123", "Dora");
  });
  afterAll(async () => {
    await server?.close();
  });

  const issue = async (name: string) => {
    const issued = await callApi<IssuedToken>(server, admin, "POST", "/api/admin/initial-access-tokens", { name });
    expect(issued.status).toBe(201);
    return issued.body;
  };

  it("registers a client with an initial access token, with safe defaults, and runs a full code flow with it", async () => {
    const discovery = await (await fetch(`${server.issuer}/.well-known/openid-configuration`)).json();
    expect(discovery.registration_endpoint).toBe(`${server.issuer}/oauth2/register`);

    const iat = await issue("CI of team payments");
    expect(iat.token).toMatch(/^iat_[A-Za-z0-9_-]{43}$/);
    // Stored hashed: the token itself is nowhere in the table, nor in the list.
    const [row] = await server.database.db.select().from(initialAccessToken).where(eq(initialAccessToken.id, iat.id));
    expect(row?.tokenHash).not.toContain(iat.token);
    const listed = await callApi<{ tokens: IssuedToken[] }>(server, admin, "GET", "/api/admin/initial-access-tokens");
    expect(listed.body.tokens.find((token) => token.id === iat.id)).toMatchObject({ name: "CI of team payments", status: "active" });
    expect(JSON.stringify(listed.body)).not.toContain(iat.token);

    const config = await register(server, iat.token);
    const clientId = config.clientMetadata().client_id;
    expect(config.clientMetadata().client_secret).toEqual(expect.any(String));

    const stored = await callApi<AdminClient>(server, admin, "GET", `/api/admin/oauth-clients/${clientId}`);
    expect(stored.body).toMatchObject({ dynamically_registered: true, initial_access_token_id: iat.id, skip_consent: false, require_pkce: true });
    // API scopes stay an admin's decision.
    expect(stored.body.scope?.split(" ")).not.toContain("api:read");

    const { tokens } = await runCodeFlow(config, person, "openid profile email offline_access");
    expect(tokens.claims()?.aud).toBe(clientId);
    expect(tokens.refresh_token).toEqual(expect.any(String));
    // The person was asked: a consent was recorded, none was skipped.
    const consents = await server.database.db
      .select()
      .from(oauthConsent)
      .where(and(eq(oauthConsent.clientId, clientId)));
    expect(consents).toHaveLength(1);
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()?.sub ?? "");
    expect(userinfo.email).toBe("dora@test.example");
  });

  it("keeps a registered back-channel logout URI where the project's queue delivers to it", async () => {
    const iat = await issue("CI with back-channel logout");
    const config = await register(server, iat.token, { backchannel_logout_uri: "https://rp.example/backchannel", backchannel_logout_session_required: true });
    const clientId = config.clientMetadata().client_id;
    const stored = await callApi(server, admin, "GET", `/api/admin/oauth-clients/${clientId}`);
    expect(stored.body).toMatchObject({
      backchannel_logout_uri: "https://rp.example/backchannel",
      backchannel_logout_session_required: true,
      enable_end_session: true,
    });
    // Not also in the plugin's own column, whose one-shot delivery would send a second token.
    const [row] = await server.database.db.select().from(oauthClient).where(eq(oauthClient.clientId, clientId));
    expect(row?.backchannelLogoutUri ?? null).toBeNull();

    const signedIn = await signUp(server, "bcl-dcr@test.example", "person-password-123", "Bea");
    const { tokens } = await runCodeFlow(config, signedIn, "openid");
    expect(tokens.claims()?.sid).toEqual(expect.any(String));
    expect((await signedIn.fetchJson(`${server.url}/api/auth/sign-out`, "POST", {})).status).toBe(200);
    const queued = await server.database.db.select().from(backchannelLogoutDelivery).where(eq(backchannelLogoutDelivery.clientId, clientId));
    expect(queued).toHaveLength(1);
    expect(queued[0]?.sessionId).toEqual(expect.any(String));
  });

  it("refuses registration without a token, with an unknown one and with a revoked one", async () => {
    const body = { ...metadata, redirect_uris: [RP_REDIRECT_URI] };
    expect((await rawRegister(server, undefined, body)).status).toBe(401);
    expect((await rawRegister(server, "Bearer iat_unknown-token-unknown-token-unknown-token-123", body)).status).toBe(401);
    await expect(register(server, undefined)).rejects.toThrow();

    const iat = await issue("Short-lived");
    expect((await rawRegister(server, `Bearer ${iat.token}`, body)).status).toBe(201);
    const revoked = await callApi<IssuedToken>(server, admin, "DELETE", `/api/admin/initial-access-tokens/${iat.id}`);
    expect(revoked.body).toMatchObject({ id: iat.id, status: "revoked" });
    expect((await rawRegister(server, `Bearer ${iat.token}`, body)).status).toBe(401);
    await expect(register(server, iat.token)).rejects.toThrow();
    expect((await callApi(server, admin, "DELETE", `/api/admin/initial-access-tokens/${iat.id}`)).status).toBe(404);
  });

  it("refuses metadata a registration may not set (skip_consent, API scopes) and ignores require_pkce", async () => {
    const iat = await issue("Metadata checks");
    const base = { ...metadata, redirect_uris: [RP_REDIRECT_URI] };
    for (const extra of [{ skip_consent: true }, { scope: "openid api:write" }]) {
      const answer = await rawRegister(server, `Bearer ${iat.token}`, { ...base, ...extra });
      expect(answer.status, JSON.stringify(extra)).toBe(400);
      expect(answer.body.error).toMatch(/^invalid_(client_metadata|scope|request)$/);
    }
    // RFC 7591 §2: metadata the server does not take from a registration is ignored; PKCE stays required.
    const lax = await rawRegister(server, `Bearer ${iat.token}`, { ...base, require_pkce: false });
    expect(lax.status).toBe(201);
    const stored = await callApi<AdminClient>(server, admin, "GET", `/api/admin/oauth-clients/${lax.body.client_id}`);
    expect(stored.body.require_pkce).toBe(true);
  });

  it("issues and revokes tokens for admins only, and refuses a nameless one", async () => {
    expect((await callApi(server, undefined, "GET", "/api/admin/initial-access-tokens")).status).toBe(401);
    expect((await callApi(server, person, "POST", "/api/admin/initial-access-tokens", { name: "mine" })).status).toBe(403);
    const nameless = await callApi(server, admin, "POST", "/api/admin/initial-access-tokens", { name: " " });
    expect(nameless).toMatchObject({ status: 400, body: { error: "invalid_request" } });
  });
});

describe.each(testDatabaseKinds())("open client registration (CLIENT_REGISTRATION=open) on $label", (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServerOn(kind, { openClientRegistration: true });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("lets anyone register a public client, still with PKCE required and no API scopes", async () => {
    const config = await register(server, undefined, { token_endpoint_auth_method: "none" });
    const clientId = config.clientMetadata().client_id;
    expect(config.clientMetadata().client_secret).toBeUndefined();
    const admin = await signInAdmin(server);
    const stored = await callApi<AdminClient>(server, admin, "GET", `/api/admin/oauth-clients/${clientId}`);
    expect(stored.body).toMatchObject({ dynamically_registered: true, require_pkce: true, skip_consent: false });
    expect(stored.body.initial_access_token_id).toBeUndefined();
  });
});
