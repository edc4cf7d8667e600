import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, discoverClient, registerClient, signInAdmin, startTestServerOn, testDatabaseKinds, tokenRequest } from "@iam/testing";
import type { BrowserAgent, RegisteredClient, TestServer } from "@iam/testing";

interface Rotated {
  client_id: string;
  client_secret: string;
  previous_secret_expires_at: number | null;
}
interface SecretState {
  previous_secret_active: boolean;
  previous_secret_expires_at: number | null;
}

const grant = { grant_type: "client_credentials", scope: "api:read" };

describe.each(testDatabaseKinds())("client-secret rotation with an overlap window on $label", (kind) => {
  let server: TestServer;
  let admin: BrowserAgent;

  beforeAll(async () => {
    server = await startTestServerOn(kind);
    admin = await signInAdmin(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  const newClient = () =>
    registerClient(server, admin, {
      grant_types: ["client_credentials"],
      redirect_uris: undefined,
      client_credentials_scopes: ["api:read"],
      application_type: "web",
    });
  const rotate = (clientId: string, body?: unknown) =>
    callApi<Rotated>(server, admin, "POST", `/api/admin/oauth-clients/${encodeURIComponent(clientId)}/rotate-secret`, body);
  /** openid-client, configured by discovery with this secret: a relying party that has not redeployed yet, or has. */
  const relyingParty = (client: RegisteredClient, secret: string | undefined) => discoverClient(server, { ...client, client_secret: secret });

  it("keeps the old secret working at token, introspection and revocation inside the window, and refuses it once the admin ends it", async () => {
    const client = await newClient();
    const oldSecret = client.client_secret;
    const before = Math.floor(Date.now() / 1000);
    const rotated = await rotate(client.client_id, { overlap_seconds: 3600 });
    expect(rotated.status).toBe(200);
    expect(rotated.body.client_secret).toMatch(/^[A-Za-z]{32}$/);
    expect(rotated.body.client_secret).not.toBe(oldSecret);
    expect(rotated.body.previous_secret_expires_at).toBeGreaterThanOrEqual(before + 3600);
    expect(rotated.body.previous_secret_expires_at).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 3600);

    const oldRp = await relyingParty(client, oldSecret);
    const newRp = await relyingParty(client, rotated.body.client_secret);
    const fromOld = await oidc.clientCredentialsGrant(oldRp, { scope: "api:read" });
    const fromNew = await oidc.clientCredentialsGrant(newRp, { scope: "api:read" });
    expect(fromOld.access_token).toBeTruthy();
    // Each relying party can introspect and revoke with the secret it holds.
    expect((await oidc.tokenIntrospection(oldRp, fromNew.access_token)).active).toBe(true);
    expect((await oidc.tokenIntrospection(newRp, fromOld.access_token)).active).toBe(true);
    await oidc.tokenRevocation(oldRp, fromNew.access_token);
    expect((await oidc.tokenIntrospection(newRp, fromNew.access_token)).active).toBe(false);

    const state = await callApi<SecretState>(server, admin, "GET", `/api/admin/oauth-clients/${client.client_id}/secret`);
    expect(state.body).toMatchObject({ previous_secret_active: true, previous_secret_expires_at: rotated.body.previous_secret_expires_at });

    const ended = await callApi<SecretState>(server, admin, "DELETE", `/api/admin/oauth-clients/${client.client_id}/previous-secret`);
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ previous_secret_active: false, previous_secret_expires_at: null });

    const refused = await tokenRequest(server, { client_id: client.client_id, client_secret: oldSecret }, grant);
    expect(refused).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    await expect(oidc.tokenIntrospection(oldRp, fromOld.access_token)).rejects.toThrow();
    expect((await oidc.clientCredentialsGrant(newRp, { scope: "api:read" })).access_token).toBeTruthy();
  });

  it("stops the old secret at once without a window (no body, or 0), as before", async () => {
    const client = await newClient();
    const rotated = await rotate(client.client_id);
    expect(rotated.status).toBe(200);
    expect(rotated.body.previous_secret_expires_at).toBeNull();
    expect((await tokenRequest(server, client, grant)).status).toBe(401);
    const again = await rotate(client.client_id, { overlap_seconds: 0 });
    expect((await tokenRequest(server, { ...client, client_secret: rotated.body.client_secret }, grant)).status).toBe(401);
    expect((await tokenRequest(server, { ...client, client_secret: again.body.client_secret }, grant)).status).toBe(200);
  });

  it("keeps only the secret replaced last: a second rotation ends the first one's window", async () => {
    const client = await newClient();
    const first = await rotate(client.client_id, { overlap_seconds: 86_400 });
    const second = await rotate(client.client_id, { overlap_seconds: 3600 });
    expect((await tokenRequest(server, client, grant)).status).toBe(401);
    expect((await tokenRequest(server, { ...client, client_secret: first.body.client_secret }, grant)).status).toBe(200);
    expect((await tokenRequest(server, { ...client, client_secret: second.body.client_secret }, grant)).status).toBe(200);
  });

  it("never lets one client's previous secret authenticate another client", async () => {
    const a = await newClient();
    const b = await newClient();
    await rotate(a.client_id, { overlap_seconds: 3600 });
    const refused = await tokenRequest(server, { client_id: b.client_id, client_secret: a.client_secret }, grant);
    expect(refused).toMatchObject({ status: 401, body: { error: "invalid_client" } });
  });

  it("refuses a window that is negative, fractional, beyond 7 days or not a number, and unknown fields, with invalid_request", async () => {
    const client = await newClient();
    for (const body of [{ overlap_seconds: -1 }, { overlap_seconds: 1.5 }, { overlap_seconds: 604_801 }, { overlap_seconds: "3600" }, { overlap: 3600 }]) {
      const answer = await rotate(client.client_id, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body).toMatchObject({ error: "invalid_request" });
    }
    // Nothing was rotated by a refused request.
    expect((await tokenRequest(server, client, grant)).status).toBe(200);
    expect((await rotate("no-such-client", { overlap_seconds: 3600 })).status).toBe(404);
    expect((await callApi(server, admin, "DELETE", "/api/admin/oauth-clients/no-such-client/previous-secret")).status).toBe(404);
  });

  it("answers 401 to anonymous callers of the new routes", async () => {
    const client = await newClient();
    expect((await callApi(server, undefined, "GET", `/api/admin/oauth-clients/${client.client_id}/secret`)).status).toBe(401);
    expect((await callApi(server, undefined, "DELETE", `/api/admin/oauth-clients/${client.client_id}/previous-secret`)).status).toBe(401);
  });
});
