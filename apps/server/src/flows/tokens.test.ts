import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverClient, registerClient, runCodeFlow, signInAdmin, signUp, testDatabaseKinds, startTestServerOn } from "@iam/testing";
import type { BrowserAgent, TestServer } from "@iam/testing";

describe.each(testDatabaseKinds())("refresh, client credentials, introspection and revocation on $label", (kind) => {
  let server: TestServer;
  let user: BrowserAgent;
  let config: oidc.Configuration;
  let clientSecret: string;

  beforeAll(async () => {
    server = await startTestServerOn(kind);
    user = await signUp(server, "bob@test.example", "bob-password-123", "Bob Example");
    const admin = await signInAdmin(server);
    const client = await registerClient(server, admin, {
      grant_types: ["authorization_code", "refresh_token", "client_credentials"],
      client_credentials_scopes: ["api:read"],
      skip_consent: true,
    });
    config = await discoverClient(server, client);
    if (!client.client_secret) throw new Error("a confidential client gets a secret");
    clientSecret = client.client_secret;
  });
  afterAll(async () => {
    await server?.close();
  });

  it("rotates refresh tokens; a retry within the reuse interval gets the same answer, not a new family", async () => {
    const { tokens } = await runCodeFlow(config, user);
    const first = tokens.refresh_token!;

    const refreshed = await oidc.refreshTokenGrant(config, first);

    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.refresh_token).toEqual(expect.any(String));
    expect(refreshed.refresh_token).not.toBe(first);
    // REFRESH_TOKEN_REUSE_SECONDS: a client retrying at once gets the rotated pair again; the old
    // token is refused only after that window (flows/end-user-protocol.test.ts covers the later replay).
    const retried = await oidc.refreshTokenGrant(config, first);
    expect(retried.refresh_token).toBe(refreshed.refresh_token);
  });

  it("issues client-credentials tokens for the client's allowed scopes", async () => {
    const tokens = await oidc.clientCredentialsGrant(config, { scope: "api:read" });

    expect(tokens.access_token).toEqual(expect.any(String));
    expect(tokens.refresh_token).toBeUndefined();
    const introspection = await oidc.tokenIntrospection(config, tokens.access_token);
    expect(introspection).toMatchObject({ active: true, client_id: config.clientMetadata().client_id, scope: "api:read" });
    await expect(oidc.clientCredentialsGrant(config, { scope: "api:write" })).rejects.toMatchObject({ error: "invalid_scope" });
  });

  it("reads the raw form once for client authentication and RFC 8707 resources: repeated values are seen", async () => {
    const { client_id: clientId } = config.clientMetadata();
    const basic = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString("base64")}`;
    const post = async (body: string) => {
      const response = await fetch(`${server.issuer}/oauth2/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", authorization: basic },
        body,
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };

    // better-call's parsed body keeps only the last of repeated keys: these need the raw form.
    const repeated = await post(`grant_type=client_credentials&scope=api%3Aread&client_id=${encodeURIComponent(clientId)}&client_id=other`);
    expect(repeated).toMatchObject({ status: 400, body: { error: "invalid_request", error_description: "client_id must not be repeated" } });
    const twoResources = await post("grant_type=client_credentials&scope=api%3Aread&resource=https%3A%2F%2Fa.example&resource=https%3A%2F%2Fb.example");
    expect(twoResources).toMatchObject({ status: 400, body: { error: "invalid_target" } });

    const plain = await post("grant_type=client_credentials&scope=api%3Aread");
    expect(plain).toMatchObject({ status: 200, body: { token_type: "Bearer", scope: "api:read" } });
  });

  it("introspects an access token as active, and inactive after revocation", async () => {
    const { tokens } = await runCodeFlow(config, user);

    const before = await oidc.tokenIntrospection(config, tokens.access_token);
    expect(before).toMatchObject({ active: true, sub: tokens.claims()!.sub, client_id: config.clientMetadata().client_id });

    await oidc.tokenRevocation(config, tokens.access_token);

    const after = await oidc.tokenIntrospection(config, tokens.access_token);
    expect(after.active).toBe(false);
    await expect(oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub)).rejects.toBeDefined();
  });

  it("revoking a refresh token stops it from being used", async () => {
    const { tokens } = await runCodeFlow(config, user);
    const refreshToken = tokens.refresh_token!;
    expect((await oidc.tokenIntrospection(config, refreshToken)).active).toBe(true);

    await oidc.tokenRevocation(config, refreshToken);

    expect((await oidc.tokenIntrospection(config, refreshToken)).active).toBe(false);
    await expect(oidc.refreshTokenGrant(config, refreshToken)).rejects.toMatchObject({ error: "invalid_grant" });
  });
});
