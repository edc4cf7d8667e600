import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, RP_REDIRECT_URI, signInAdmin, testDatabaseKinds, startTestServerOn } from "@iam/testing";
import type { BrowserAgent, TestServer } from "@iam/testing";

/** What registration tools send besides the metadata this server acts on (RFC 7591 §2, Better Auth's client). */
const EXTRA_METADATA = {
  software_id: "4NRB1-0XZABZI9E6-5SM3R",
  software_version: "2.1",
  contacts: ["ops@rp.example"],
  type: "native",
  some_vendor_extension: { nested: true },
};

describe.each(testDatabaseKinds())("client registration with metadata the server does not act on, on $label", (kind) => {
  let server: TestServer;
  let admin: BrowserAgent;

  beforeAll(async () => {
    server = await startTestServerOn(kind);
    admin = await signInAdmin(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  const registration = {
    client_name: "Registered by a tool",
    redirect_uris: [RP_REDIRECT_URI],
    application_type: "native",
    token_endpoint_auth_method: "client_secret_basic",
  };

  it("the admin API registers the client, keeps what it knows and ignores the rest", async () => {
    const created = await callApi<Record<string, unknown>>(server, admin, "POST", "/api/admin/oauth-clients", {
      ...registration,
      ...EXTRA_METADATA,
      // No private_key_jwt here: the key set's address means nothing to this server.
      jwks_uri: "https://rp.example/jwks.json",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      client_name: registration.client_name,
      software_id: EXTRA_METADATA.software_id,
      software_version: "2.1",
      contacts: ["ops@rp.example"],
    });
    for (const ignored of ["type", "jwks_uri", "some_vendor_extension"]) expect(created.body[ignored], ignored).toBeUndefined();

    const stored = await callApi<Record<string, unknown>>(server, admin, "GET", `/api/admin/oauth-clients/${String(created.body.client_id)}`);
    expect(stored.body).toMatchObject({
      software_id: EXTRA_METADATA.software_id,
      software_version: "2.1",
      contacts: ["ops@rp.example"],
      application_type: "native",
    });
    expect(stored.body.some_vendor_extension).toBeUndefined();
  });

  it.each([
    ["contacts that are not a list", { contacts: "ops@rp.example" }],
    ["a software_id that is not a string", { software_id: 42 }],
    ["a redirect URI that is not a URL", { redirect_uris: ["not a url"] }],
    ["an unknown application_type", { application_type: "desktop" }],
    ["an unsupported grant type", { grant_types: ["password"] }],
  ])("still refuses %s", async (_label, bad) => {
    const refused = await callApi(server, admin, "POST", "/api/admin/oauth-clients", { ...registration, ...EXTRA_METADATA, ...bad });
    expect(refused).toMatchObject({ status: 400, body: { error: "invalid_request" } });
  });

  it("Better Auth's own create-client ignores unknown metadata too", async () => {
    const created = await callApi<Record<string, unknown>>(server, admin, "POST", "/api/auth/oauth2/create-client", { ...registration, ...EXTRA_METADATA });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ client_id: expect.any(String), software_id: EXTRA_METADATA.software_id });
    expect(created.body.some_vendor_extension).toBeUndefined();
  });

  it("dynamic registration (/oauth2/register) stays off", async () => {
    const response = await callApi(server, undefined, "POST", "/api/auth/oauth2/register", { ...registration, ...EXTRA_METADATA });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(JSON.stringify(response.body)).not.toContain("unrecognized_keys");
  });
});
