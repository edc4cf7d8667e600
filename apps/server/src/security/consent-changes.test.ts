import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerClient, testDatabaseKinds } from "@iam/testing";
import type { RegisteredClient } from "@iam/testing";
import * as f from "./fixture.ts";

/**
 * A person's own consent changes (the connected-applications screen calls Better Auth's
 * update-consent and delete-consent) must reach the tokens minted under the consent.
 */
describe.each(testDatabaseKinds())("a person's own consent changes on $label", (kind) => {
  let fx: f.SecurityFixture;

  beforeAll(async () => {
    fx = await f.startSecurityFixture(kind);
  });
  afterAll(() => f.closeExpectingNoServerErrors(fx));

  async function consentFor(client: RegisteredClient): Promise<{ id: string; scopes: string[] }> {
    const response = await fx.user.fetchJson(`${fx.server.url}/api/auth/oauth2/get-consents`, "GET");
    const consents = JSON.parse(response.body) as { id: string; clientId: string; scopes: string[] }[];
    const consent = consents.find((candidate) => candidate.clientId === client.client_id);
    if (!consent) throw new Error(`no consent for ${client.client_id}: ${response.body}`);
    return consent;
  }

  function userinfo(accessToken: string): Promise<f.HttpResult> {
    return f.http(`${fx.server.issuer}/oauth2/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } });
  }

  it("after narrowing, a refresh returns no withdrawn scope and userinfo no withdrawn claim", async () => {
    const client = await registerClient(fx.server, fx.admin, { token_endpoint_auth_method: "client_secret_basic" });
    const tokens = await f.issueTokens(fx.server, fx.user, client);
    expect(tokens.scope?.split(" ")).toContain("email");
    expect((await userinfo(tokens.access_token)).json.email).toBe(fx.userEmail);
    const consent = await consentFor(client);

    const narrowed = await fx.user.fetchJson(`${fx.server.url}/api/auth/oauth2/update-consent`, "POST", {
      id: consent.id,
      update: { scopes: ["openid", "profile", "offline_access"] },
    });
    expect(narrowed.status).toBe(200);

    const info = await userinfo(tokens.access_token);
    expect(info.json.email).toBeUndefined();
    const refreshed = await f.refresh(fx.server, client, tokens.refresh_token ?? "");
    if (refreshed.status === 200) expect(String(refreshed.json.scope).split(" ")).not.toContain("email");
    else expect(refreshed.json.error).toBe("invalid_grant");
    expect((await f.introspect(fx.server, client, tokens.access_token)).active).toBe(false);

    // Within the consent that is left, the person signs in to the application again as usual.
    const again = await f.issueTokens(fx.server, fx.user, client, "openid profile offline_access");
    expect((await userinfo(again.access_token)).status).toBe(200);
  });

  it("narrowing leaves tokens that stay within the consent alone", async () => {
    const client = await registerClient(fx.server, fx.admin, { token_endpoint_auth_method: "client_secret_basic" });
    const tokens = await f.issueTokens(fx.server, fx.user, client, "openid profile offline_access");
    const consent = await consentFor(client);
    const narrowed = await fx.user.fetchJson(`${fx.server.url}/api/auth/oauth2/update-consent`, "POST", {
      id: consent.id,
      update: { scopes: ["openid", "profile", "offline_access"] },
    });
    expect(narrowed.status).toBe(200);
    expect((await f.introspect(fx.server, client, tokens.access_token)).active).toBe(true);
    expect((await f.refresh(fx.server, client, tokens.refresh_token ?? "")).status).toBe(200);
  });

  it("after deleting the consent, that client's tokens for the person are inactive at once", async () => {
    const client = await registerClient(fx.server, fx.admin, { token_endpoint_auth_method: "client_secret_basic" });
    const other = await registerClient(fx.server, fx.admin, { token_endpoint_auth_method: "client_secret_basic" });
    const tokens = await f.issueTokens(fx.server, fx.user, client);
    const otherTokens = await f.issueTokens(fx.server, fx.user, other);
    const consent = await consentFor(client);

    const deleted = await fx.user.fetchJson(`${fx.server.url}/api/auth/oauth2/delete-consent`, "POST", { id: consent.id });
    expect(deleted.status).toBe(200);

    expect((await f.introspect(fx.server, client, tokens.access_token)).active).toBe(false);
    expect((await f.introspect(fx.server, client, tokens.refresh_token ?? "")).active).toBe(false);
    expect((await userinfo(tokens.access_token)).status).toBe(401);
    const refreshed = await f.refresh(fx.server, client, tokens.refresh_token ?? "");
    expect(refreshed.json.error).toBe("invalid_grant");
    // Another application's grant is not the one withdrawn.
    expect((await f.introspect(fx.server, other, otherTokens.access_token)).active).toBe(true);
  });

  it("deleting someone else's consent revokes nothing of theirs", async () => {
    const client = await registerClient(fx.server, fx.admin, { token_endpoint_auth_method: "client_secret_basic" });
    const tokens = await f.issueTokens(fx.server, fx.user, client);
    const consent = await consentFor(client);
    const mallory = await (await import("@iam/testing")).signUp(fx.server, "mallory-consent@test.example", "mallory-password-123");
    const refused = await mallory.fetchJson(`${fx.server.url}/api/auth/oauth2/delete-consent`, "POST", { id: consent.id });
    expect(refused.status).toBe(404);
    expect((await f.introspect(fx.server, client, tokens.access_token)).active).toBe(true);
  });
});
