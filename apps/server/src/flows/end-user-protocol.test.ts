import { oauthRefreshToken, user } from "@iam/db/schema";
import { eq, isNotNull } from "drizzle-orm";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  tokenRequest,
  discoverClient,
  registerClient,
  RP_REDIRECT_URI,
  runCodeFlow,
  signInAdmin,
  signUp,
  testDatabaseKinds,
  startTestServerOn,
  TEST_WEB_URL,
} from "@iam/testing";
import type { BrowserAgent, RegisteredClient, TestServer } from "@iam/testing";

const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

describe.each(testDatabaseKinds())("end-user protocol behaviour ($label)", (kind) => {
  let server: TestServer;
  let client: RegisteredClient;
  let narrow: RegisteredClient;
  let erin: BrowserAgent;

  beforeAll(async () => {
    server = await startTestServerOn(kind);
    const admin = await signInAdmin(server);
    client = await registerClient(server, admin, { token_endpoint_auth_method: "client_secret_basic" });
    narrow = await registerClient(server, admin, { client_name: "Narrow", scope: "openid email" });
    erin = await signUp(server, "erin@test.example", "erin-password-123", "Erin Example");
  });
  afterAll(async () => {
    await server?.close();
  });

  function authorizeUrl(clientId: string, params: Record<string, string>): string {
    const query = new URLSearchParams({
      response_type: "code",
      client_id: clientId,
      redirect_uri: RP_REDIRECT_URI,
      scope: "openid email",
      state: "the-state",
      code_challenge: CHALLENGE,
      code_challenge_method: "S256",
      ...params,
    });
    return `${server.issuer}/oauth2/authorize?${query}`;
  }

  it("drops scopes the client may not have and says so in the token response", async () => {
    const config = await discoverClient(server, narrow);
    const { tokens } = await runCodeFlow(config, erin, "openid email profile organization api:read");
    expect(tokens.scope?.split(" ").sort()).toEqual(["email", "openid"]);
    expect(tokens.claims()?.email).toBe("erin@test.example");
    expect(tokens.claims()?.name).toBeUndefined();
  });

  it("still refuses with invalid_scope, state and iss when nothing requested is grantable", async () => {
    const response = await erin.navigate(authorizeUrl(narrow.client_id, { scope: "profile api:write" }));
    const location = new URL(response.location!);
    expect(location.origin + location.pathname).toBe(RP_REDIRECT_URI);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({ error: "invalid_scope", state: "the-state", iss: server.issuer });
  });

  it("prompt=none with a session but no consent answers consent_required with state and iss", async () => {
    const response = await erin.navigate(authorizeUrl(client.client_id, { prompt: "none", scope: "openid profile" }));
    const location = new URL(response.location!);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({ error: "consent_required", state: "the-state", iss: server.issuer });
  });

  it("max_age=0 forces a fresh login even with a session", async () => {
    const response = await erin.navigate(authorizeUrl(client.client_id, { max_age: "0" }));
    expect(response.location?.startsWith(`${TEST_WEB_URL}/oauth-login?`)).toBe(true);
  });

  it("the organization scope yields organizationId (the user's id until one is assigned) and role", async () => {
    const config = await discoverClient(server, client);
    const first = await runCodeFlow(config, erin, "openid organization");
    const sub = first.tokens.claims()!.sub;
    expect(first.tokens.claims()).toMatchObject({ organizationId: sub, role: "user" });

    await server.database.db.update(user).set({ organizationId: "org-42" }).where(eq(user.email, "erin@test.example"));
    const second = await runCodeFlow(config, erin, "openid organization");
    expect(second.tokens.claims()).toMatchObject({ organizationId: "org-42", role: "user" });
    const userInfo = await oidc.fetchUserInfo(config, second.tokens.access_token, sub);
    expect(userInfo).toMatchObject({ organizationId: "org-42", role: "user" });
    expect(userInfo.email).toBeUndefined();

    const admin = await runCodeFlow(config, await signInAdmin(server), "openid organization");
    expect(admin.tokens.claims()?.role).toBe("admin");
  });

  it("a concurrent refresh retry succeeds; a rotated token replayed later revokes the family", async () => {
    const config = await discoverClient(server, client);
    const { tokens } = await runCodeFlow(config, erin, "openid offline_access");
    const original = tokens.refresh_token!;
    const [one, two] = await Promise.all([
      tokenRequest(server, client, { grant_type: "refresh_token", refresh_token: original }),
      tokenRequest(server, client, { grant_type: "refresh_token", refresh_token: original }),
    ]);
    expect([one.status, two.status]).toEqual([200, 200]);
    const newest = one.body.refresh_token!;

    // Past the reuse window, as if the stolen token were used minutes later.
    await server.database.db
      .update(oauthRefreshToken)
      .set({ rotationReplayExpiresAt: new Date(Date.now() - 1_000) })
      .where(isNotNull(oauthRefreshToken.rotationReplayExpiresAt));
    const replay = await tokenRequest(server, client, { grant_type: "refresh_token", refresh_token: original });
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe("invalid_grant");
    const afterReplay = await tokenRequest(server, client, { grant_type: "refresh_token", refresh_token: newest });
    expect(afterReplay.body.error).toBe("invalid_grant");
  });
});
