import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  callApi,
  completeAuthorization,
  discoverClient,
  registerClient,
  RP_REDIRECT_URI,
  signInAdmin,
  signUp,
  testDatabaseKinds,
  startTestServerOn,
} from "@iam/testing";
import type { BrowserAgent, RegisteredClient, TestServer } from "@iam/testing";

const ORDERS_API = "https://orders.api.test.example";

interface ApiResourceBody {
  id: string;
  identifier: string;
  scopes: string[];
  client_ids: string[];
  error?: string;
}

/**
 * APIs as resources (RFC 8707 + RFC 9068): an admin declares an API with its scopes and clients;
 * `resource=` at the token endpoint (client_credentials) or authorization (code flow) yields a
 * JWT access token with `aud` = the API, which the API verifies with jose against the JWKS.
 */
describe.each(testDatabaseKinds())("declared APIs (RFC 8707 resources) on $label", (kind) => {
  let server: TestServer;
  let admin: BrowserAgent;
  let service: RegisteredClient;
  let api: ApiResourceBody;

  async function verifyForApi(token: string) {
    const metadata = (await (await fetch(`${server.issuer}/.well-known/openid-configuration`)).json()) as { jwks_uri: string };
    const jwks = createRemoteJWKSet(new URL(metadata.jwks_uri));
    return jwtVerify(token, jwks, { issuer: server.issuer, audience: ORDERS_API, typ: "at+jwt" });
  }

  beforeAll(async () => {
    server = await startTestServerOn(kind);
    admin = await signInAdmin(server);
    service = await registerClient(server, admin, {
      client_name: "Orders worker",
      grant_types: ["client_credentials"],
      redirect_uris: undefined,
      client_credentials_scopes: ["api:read", "api:write"],
    });
    const created = await callApi<ApiResourceBody>(server, admin, "POST", "/api/admin/api-resources", {
      identifier: ORDERS_API,
      name: "Orders API",
      scopes: ["api:read"],
      client_ids: [service.client_id],
    });
    expect(created.status).toBe(201);
    api = created.body;
  });
  afterAll(async () => {
    await server?.close();
  });

  it("the admin API lists the declared API and refuses what could never be granted", async () => {
    const list = await callApi<{ resources: ApiResourceBody[] }>(server, admin, "GET", "/api/admin/api-resources");
    expect(list.body.resources).toEqual([expect.objectContaining({ identifier: ORDERS_API, scopes: ["api:read"], client_ids: [service.client_id] })]);
    const search = await callApi<{ resources: ApiResourceBody[] }>(server, admin, "GET", "/api/admin/api-resources?q=nothing-like-it");
    expect(search.body.resources).toEqual([]);
    const forClient = await callApi<{ resources: ApiResourceBody[] }>(server, admin, "GET", `/api/admin/api-resources?client_id=${service.client_id}`);
    expect(forClient.body.resources.map((resource) => resource.identifier)).toEqual([ORDERS_API]);
    const notUri = await callApi(server, admin, "POST", "/api/admin/api-resources", { identifier: "orders", name: "x", scopes: ["api:read"] });
    expect(notUri.status).toBe(400);
    const unknownScope = await callApi(server, admin, "POST", "/api/admin/api-resources", {
      identifier: "https://x.test.example",
      name: "x",
      scopes: ["nope:read"],
    });
    expect(unknownScope.status).toBe(400);
    expect(String(unknownScope.body.error_description)).toContain("nope:read");
    const duplicate = await callApi(server, admin, "POST", "/api/admin/api-resources", { identifier: ORDERS_API, name: "again", scopes: ["api:read"] });
    expect(duplicate.status).toBe(400);
  });

  it("client_credentials with resource= gets a JWT for the API, verified with jose against the JWKS", async () => {
    const config = await discoverClient(server, service);
    const tokens = await oidc.clientCredentialsGrant(config, { scope: "api:read", resource: ORDERS_API });
    expect(decodeProtectedHeader(tokens.access_token).typ).toBe("at+jwt");
    const { payload } = await verifyForApi(tokens.access_token);
    expect(payload).toMatchObject({ aud: ORDERS_API, scope: "api:read", client_id: service.client_id, sub: service.client_id });
    expect(typeof payload.jti).toBe("string");
    expect(typeof payload.exp).toBe("number");
  });

  it("an unknown resource is invalid_target; a client not allowed for the API too", async () => {
    const config = await discoverClient(server, service);
    const unknown = oidc.clientCredentialsGrant(config, { scope: "api:read", resource: "https://unknown.test.example" });
    await expect(unknown).rejects.toMatchObject({ error: "invalid_target" });
    const other = await registerClient(server, admin, {
      grant_types: ["client_credentials"],
      redirect_uris: undefined,
      client_credentials_scopes: ["api:read"],
    });
    const otherConfig = await discoverClient(server, other);
    await expect(oidc.clientCredentialsGrant(otherConfig, { scope: "api:read", resource: ORDERS_API })).rejects.toMatchObject({ error: "invalid_target" });
    // Allowed once the admin lists it.
    const update = await callApi(server, admin, "PATCH", `/api/admin/api-resources/${api.id}`, { client_ids: [service.client_id, other.client_id] });
    expect(update.status).toBe(200);
    const tokens = await oidc.clientCredentialsGrant(otherConfig, { scope: "api:read", resource: ORDERS_API });
    expect((await verifyForApi(tokens.access_token)).payload.client_id).toBe(other.client_id);
  });

  it("the code flow with resource= gets a JWT for the API carrying the user's claims", async () => {
    const user = await signUp(server, "api-user@test.example", "api-user-password-1", "Api User");
    const webApp = await registerClient(server, admin, { client_name: "Orders front end" });
    const update = await callApi(server, admin, "PATCH", `/api/admin/api-resources/${api.id}`, {
      client_ids: [service.client_id, webApp.client_id],
      // A token for the API carries only the API's scopes: email is listed so its backend gets the address.
      scopes: ["api:read", "email"],
    });
    expect(update.status).toBe(200);
    const config = await discoverClient(server, webApp);
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: RP_REDIRECT_URI,
      scope: "email api:read profile",
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state: "st",
      resource: ORDERS_API,
    });
    const callback = await completeAuthorization(user, server.url, url.toString());
    const tokens = await oidc.authorizationCodeGrant(
      config,
      new URL(callback),
      { pkceCodeVerifier: verifier, expectedState: "st", idTokenExpected: false },
      { resource: ORDERS_API },
    );
    const { payload } = await verifyForApi(tokens.access_token);
    expect(payload).toMatchObject({ aud: ORDERS_API, client_id: webApp.client_id, email: "api-user@test.example" });
    // profile is not one of the API's scopes: dropped from this token.
    expect(String(payload.scope).split(" ").sort()).toEqual(["api:read", "email"]);
    expect(payload.name).toBeUndefined();
  });

  it("a disabled or deleted API is invalid_target again", async () => {
    const config = await discoverClient(server, service);
    expect((await callApi(server, admin, "PATCH", `/api/admin/api-resources/${api.id}`, { disabled: true })).status).toBe(200);
    await expect(oidc.clientCredentialsGrant(config, { scope: "api:read", resource: ORDERS_API })).rejects.toMatchObject({ error: "invalid_target" });
    expect((await callApi(server, admin, "DELETE", `/api/admin/api-resources/${api.id}`)).status).toBe(204);
    await expect(oidc.clientCredentialsGrant(config, { scope: "api:read", resource: ORDERS_API })).rejects.toMatchObject({ error: "invalid_target" });
    expect((await callApi(server, admin, "GET", `/api/admin/api-resources/${api.id}`)).status).toBe(404);
  });
});
