import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BrowserAgent,
  testDatabaseKinds,
  startTestServerOn,
  TEST_WEB_URL,
  completeAuthorization,
  discoverClient,
  registerClient,
  RP_REDIRECT_URI,
  runCodeFlow,
  signInAdmin,
  signUp,
} from "@iam/testing";
import type { TestServer } from "@iam/testing";

describe.each(testDatabaseKinds())("authorization code + PKCE on $label", (kind) => {
  let server: TestServer;
  let user: BrowserAgent;

  beforeAll(async () => {
    server = await startTestServerOn(kind);
    user = await signUp(server, "alice@test.example", "alice-password-123", "Alice Example");
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each(["client_secret_basic", "client_secret_post"] as const)("a confidential client (%s) gets verified ID, access and refresh tokens", async (method) => {
    const admin = await signInAdmin(server);
    const client = await registerClient(server, admin, { token_endpoint_auth_method: method });
    expect(client.client_secret).toEqual(expect.any(String));
    const config = await discoverClient(server, client, method);

    const { tokens, callbackUrl, nonce } = await runCodeFlow(config, user);

    expect(callbackUrl.origin + callbackUrl.pathname).toBe(RP_REDIRECT_URI);
    expect(callbackUrl.searchParams.get("iss")).toBe(server.issuer);
    const claims = tokens.claims();
    expect(claims).toMatchObject({ iss: server.issuer, aud: client.client_id, nonce });
    expect(claims?.email).toBe("alice@test.example");
    expect(claims?.name).toBe("Alice Example");
    expect(tokens.access_token).toEqual(expect.any(String));
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokens.token_type.toLowerCase()).toBe("bearer");

    const userInfo = await oidc.fetchUserInfo(config, tokens.access_token, claims!.sub);
    expect(userInfo).toMatchObject({ sub: claims!.sub, email: "alice@test.example", email_verified: false, name: "Alice Example" });
  });

  it("a public client (none) completes the flow with PKCE alone", async () => {
    const admin = await signInAdmin(server);
    const client = await registerClient(server, admin, { token_endpoint_auth_method: "none" });
    expect(client.client_secret).toBeUndefined();
    const config = await discoverClient(server, client, "none");

    const { tokens } = await runCodeFlow(config, user, "openid email");

    expect(tokens.claims()?.email).toBe("alice@test.example");
    // Scopes not granted stay out of the ID token.
    expect(tokens.claims()?.name).toBeUndefined();
  });

  it("ID tokens are RS256-signed by a key published in the JWKS", async () => {
    const admin = await signInAdmin(server);
    const client = await registerClient(server, admin, { skip_consent: true });
    const config = await discoverClient(server, client);
    const { tokens } = await runCodeFlow(config, user, "openid");
    const header = JSON.parse(Buffer.from(tokens.id_token!.split(".")[0]!, "base64url").toString()) as { alg: string; kid: string };
    const jwks = (await (await fetch(`${server.issuer}/jwks`)).json()) as { keys: { kid: string; alg: string }[] };

    expect(header.alg).toBe("RS256");
    expect(jwks.keys.map((key) => key.kid)).toContain(header.kid);
  });

  it("an anonymous browser is sent to the login page, signs in with a form post and comes back with a code", async () => {
    const admin = await signInAdmin(server);
    const client = await registerClient(server, admin, { skip_consent: true });
    const config = await discoverClient(server, client);
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const authorizeUrl = oidc.buildAuthorizationUrl(config, {
      redirect_uri: RP_REDIRECT_URI,
      scope: "openid email",
      state,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
    });
    const browser = new BrowserAgent(TEST_WEB_URL);

    const toLogin = await browser.navigate(authorizeUrl.toString());
    expect(toLogin.status).toBe(302);
    const loginUrl = new URL(toLogin.location!);
    expect(loginUrl.origin + loginUrl.pathname).toBe(`${TEST_WEB_URL}/oauth-login`);
    expect(loginUrl.searchParams.get("sig")).toBeTruthy();
    expect(loginUrl.searchParams.get("exp")).toBeTruthy();

    const signedIn = await browser.submitForm(`${server.url}/api/auth/sign-in/email`, {
      email: "alice@test.example",
      password: "alice-password-123",
      oauth_query: loginUrl.search.slice(1),
    });
    expect(signedIn.status).toBe(302);
    const callback = new URL(await completeAuthorization(browser, server.url, new URL(signedIn.location!, server.url).toString()));

    expect(callback.searchParams.get("state")).toBe(state);
    const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
    expect(tokens.claims()?.email).toBe("alice@test.example");
  });
});
