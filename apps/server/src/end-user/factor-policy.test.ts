import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BrowserAgent,
  completeAuthorization,
  discoverClient,
  registerClient,
  RP_REDIRECT_URI,
  signIn,
  signInAdmin,
  startAuthorization,
  startTestServerOn,
  TEST_ADMIN,
  TEST_WEB_URL,
  testDatabaseKinds,
  totpCode,
  totpKeyOf,
} from "@iam/testing";
import type { RegisteredClient, TestServer } from "@iam/testing";

/**
 * The second-factor policy: a client that requires a second factor, and the console's settings
 * (administrators, everyone). People without a factor are led to enrollment and come back to the
 * authorization they started; admins signed in with one factor are refused by the admin API.
 */
describe.each(testDatabaseKinds())("second-factor policy on $label", (kind) => {
  let server: TestServer;
  let admin: BrowserAgent;
  let client: RegisteredClient;
  let config: oidc.Configuration;
  let erin: BrowserAgent;

  async function auditFor(actor: string, action: string): Promise<{ action: string; target_id: string | null; details: Record<string, unknown> | null }[]> {
    const response = await admin.fetchJson(`${server.url}/api/admin/audit-log?${new URLSearchParams({ action, actor })}`, "GET");
    expect(response.status).toBe(200);
    return JSON.parse(response.body).entries;
  }

  beforeAll(async () => {
    server = await startTestServerOn(kind);
    admin = await signInAdmin(server);
    client = await registerClient(server, admin, { skip_consent: true, token_endpoint_auth_method: "client_secret_basic", require_second_factor: true });
    config = await discoverClient(server, client);
  });
  afterAll(async () => server?.close());

  async function createPerson(email: string, password: string) {
    const created = await admin.fetchJson(`${server.url}/api/auth/admin/create-user`, "POST", { email, password, name: email.split("@")[0] });
    expect(created.status).toBe(200);
  }

  const begin = (browser: BrowserAgent, extra: Record<string, string> = {}) => startAuthorization(config, browser, extra);

  /** What the enrollment page does with the person's session: password, then a first code, with the signed query. */
  async function enrollOnPage(browser: BrowserAgent, password: string, oauthQuery?: string) {
    const enable = await browser.fetchJson(`${server.url}/api/auth/two-factor/enable`, "POST", { password });
    expect(enable.status).toBe(200);
    const { totpURI, backupCodes } = JSON.parse(enable.body) as { totpURI: string; backupCodes: string[] };
    expect(backupCodes.length).toBeGreaterThan(0);
    const key = totpKeyOf(totpURI);
    const confirm = await browser.fetchJson(`${server.url}/api/auth/two-factor/verify-totp`, "POST", {
      code: totpCode(key),
      ...(oauthQuery ? { oauth_query: oauthQuery } : {}),
    });
    expect(confirm.status).toBe(200);
    return { key, answer: JSON.parse(confirm.body) as { url?: string } };
  }

  it("the admin API shows and changes a client's require_second_factor", async () => {
    const shown = await admin.fetchJson(`${server.url}/api/admin/oauth-clients/${client.client_id}`, "GET");
    expect(JSON.parse(shown.body).require_second_factor).toBe(true);
    const other = await registerClient(server, admin, { token_endpoint_auth_method: "client_secret_basic" });
    expect((other as unknown as { require_second_factor: boolean }).require_second_factor).toBe(false);
    const patched = await admin.fetchJson(`${server.url}/api/admin/oauth-clients/${other.client_id}`, "PATCH", { require_second_factor: true });
    expect(patched.status).toBe(200);
    expect(JSON.parse(patched.body).require_second_factor).toBe(true);
    const wrong = await admin.fetchJson(`${server.url}/api/admin/oauth-clients/${other.client_id}`, "PATCH", { require_second_factor: "yes" });
    expect(wrong.status).toBe(400);
  });

  it("a person without a factor is sent to enrollment after the password, then back to the authorization, with amr mfa", async () => {
    await createPerson("erin@test.example", "erin-password-123");
    const browser = new BrowserAgent(TEST_WEB_URL);
    const attempt = await begin(browser);
    const signedIn = await browser.submitForm(`${server.url}/api/auth/sign-in/email`, {
      email: "erin@test.example",
      password: "erin-password-123",
      oauth_query: attempt.oauthQuery,
    });
    expect(signedIn.status).toBeGreaterThanOrEqual(300);
    expect(signedIn.status).toBeLessThan(400);
    const enrollPage = new URL(signedIn.location ?? "", server.url);
    expect(`${enrollPage.origin}${enrollPage.pathname}`).toBe(`${TEST_WEB_URL}/enroll-second-factor`);
    expect(enrollPage.searchParams.get("client_id")).toBe(client.client_id);
    expect(enrollPage.searchParams.get("sig")).toBeTruthy();
    // The single-factor session stays for the enrollment; no code was issued.
    expect(browser.cookieHeader()).toMatch(/session_token=[^;]/);

    const { answer } = await enrollOnPage(browser, "erin-password-123", enrollPage.search.slice(1));
    expect(answer.url).toBeTruthy();
    const callback = await completeAuthorization(browser, server.url, new URL(answer.url ?? "", server.url).toString());
    expect(callback.startsWith(RP_REDIRECT_URI)).toBe(true);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(callback), {
      pkceCodeVerifier: attempt.verifier,
      expectedState: attempt.state,
      expectedNonce: attempt.nonce,
      idTokenExpected: true,
    });
    const claims: Record<string, unknown> = tokens.claims() ?? {};
    expect([...((claims.amr as string[] | undefined) ?? [])].sort()).toEqual(["mfa", "otp", "pwd"]);
    expect(claims.acr).toBe("urn:iam:acr:mfa");
    // The enrollment inside the authorization is audited like one on the account page.
    expect(await auditFor("erin@test.example", "second_factor.enrolled")).toHaveLength(1);
    erin = browser;
  });

  it("an admin's reset removes the factor, ends the person's sessions, and is audited", async () => {
    const session = JSON.parse((await erin.fetchJson(`${server.url}/api/auth/get-session`, "GET")).body) as { user: { id: string } };
    const userId = session.user.id;
    const reset = await admin.fetchJson(`${server.url}/api/admin/second-factors/${userId}`, "DELETE");
    expect(reset.status).toBe(200);
    expect(JSON.parse(reset.body)).toEqual({ user_id: userId, removed: true, sessions_ended: true });
    expect(JSON.parse((await erin.fetchJson(`${server.url}/api/auth/get-session`, "GET")).body)).toBeNull();
    const entries = await auditFor(TEST_ADMIN.email, "second_factor.reset");
    expect(entries.map((entry) => entry.target_id)).toContain(userId);
    const unknown = await admin.fetchJson(`${server.url}/api/admin/second-factors/no-such-user`, "DELETE");
    expect(unknown.status).toBe(404);
  });

  it("a person with a factor and a single-factor session gets the second-factor page, not a code", async () => {
    await createPerson("finn@test.example", "finn-password-123");
    // Signed in with the password before the factor was set up (elsewhere): a single-factor session.
    const browser = await signIn(server, "finn@test.example", "finn-password-123");
    const { key } = await enrollOnPage(await signIn(server, "finn@test.example", "finn-password-123"), "finn-password-123");
    const attempt = await begin(browser);
    expect(attempt.location.startsWith(`${TEST_WEB_URL}/two-factor?`)).toBe(true);
    expect(new URLSearchParams(attempt.oauthQuery).get("client_id")).toBe(client.client_id);
    // The single-factor session is ended: the second factor creates the multi-factor one.
    expect(browser.cookieHeader()).not.toMatch(/session_token=[^;]/);
    const verified = await browser.submitForm(`${server.url}/api/auth/two-factor/verify-totp`, { code: totpCode(key), oauth_query: attempt.oauthQuery });
    const callback = await completeAuthorization(browser, server.url, new URL(verified.location ?? "", server.url).toString());
    expect(callback.startsWith(RP_REDIRECT_URI)).toBe(true);
  });

  it("prompt=none for a client that requires a factor, from a single-factor session, answers login_required", async () => {
    await createPerson("gale@test.example", "gale-password-123");
    const browser = await signIn(server, "gale@test.example", "gale-password-123");
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: RP_REDIRECT_URI,
      scope: "openid",
      prompt: "none",
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: "S256",
    });
    const answer = await browser.navigate(url.toString());
    const location = new URL(answer.location ?? "", server.url);
    expect(`${location.origin}${location.pathname}`).toBe(RP_REDIRECT_URI);
    expect(location.searchParams.get("error")).toBe("login_required");
    expect(location.searchParams.get("code")).toBeNull();
  });

  it("an essential acr in the claims parameter steps up like acr_values; one naming no value of ours is refused", async () => {
    await createPerson("ivy@test.example", "ivy-password-123");
    const browser = await signIn(server, "ivy@test.example", "ivy-password-123");
    const { key } = await enrollOnPage(await signIn(server, "ivy@test.example", "ivy-password-123"), "ivy-password-123");
    const plain = await registerClient(server, admin, { skip_consent: true, token_endpoint_auth_method: "client_secret_basic" });
    const plainConfig = await discoverClient(server, plain);
    const verifier = oidc.randomPKCECodeVerifier();
    const authorize = async (acr: Record<string, unknown>) =>
      oidc
        .buildAuthorizationUrl(plainConfig, {
          redirect_uri: RP_REDIRECT_URI,
          scope: "openid",
          nonce: "n-1",
          claims: JSON.stringify({ id_token: { acr } }),
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
          code_challenge_method: "S256",
        })
        .toString();

    const unknown = new URL((await browser.navigate(await authorize({ essential: true, values: ["urn:other:gold"] }))).location ?? "", server.url);
    expect(unknown.searchParams.get("error")).toBe("access_denied");

    const stepped = await browser.navigate(await authorize({ essential: true, values: ["urn:iam:acr:mfa"] }));
    expect(stepped.location?.startsWith(`${TEST_WEB_URL}/two-factor?`)).toBe(true);
    const oauthQuery = new URL(stepped.location ?? "").search.slice(1);
    const verified = await browser.submitForm(`${server.url}/api/auth/two-factor/verify-totp`, { code: totpCode(key), oauth_query: oauthQuery });
    const callback = await completeAuthorization(browser, server.url, new URL(verified.location ?? "", server.url).toString());
    const tokens = await oidc.authorizationCodeGrant(plainConfig, new URL(callback), {
      pkceCodeVerifier: verifier,
      expectedNonce: "n-1",
      idTokenExpected: true,
    });
    expect(tokens.claims()?.acr).toBe("urn:iam:acr:mfa");
  });

  it("settings: admins need a second factor; an admin signed in with one factor is refused and led to enrollment at sign-in", async () => {
    const settings = await admin.fetchJson(`${server.url}/api/admin/settings`, "GET");
    const current = JSON.parse(settings.body) as Record<string, unknown>;
    expect(current.second_factor_required_admins).toBe(false);
    expect(current.second_factor_required_everyone).toBe(false);
    const { sign_up_effective: _a, sign_up_default: _b, updated_at: _c, ...body } = current;
    const saved = await admin.fetchJson(`${server.url}/api/admin/settings`, "PUT", { ...body, second_factor_required_admins: true });
    expect(saved.status).toBe(200);

    // The same admin session (password only) is now refused, with a code the console understands.
    const refused = await admin.fetchJson(`${server.url}/api/admin/oauth-clients`, "GET");
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).error).toBe("second_factor_required");
    // Better Auth's own admin endpoints (users, bans, impersonation) are held to the same rule.
    const refusedByPlugin = await admin.fetchJson(`${server.url}/api/auth/admin/list-users`, "GET");
    expect(refusedByPlugin.status).toBe(403);
    expect(JSON.parse(refusedByPlugin.body).error).toBe("second_factor_required");
    // And the OAuth plugin's own client endpoints (its clientPrivileges hook).
    const clientByPlugin = { redirect_uris: ["https://rp.example/cb"], client_name: "Made by the plugin" };
    expect((await admin.fetchJson(`${server.url}/api/auth/oauth2/create-client`, "POST", clientByPlugin)).status).toBe(401);

    // The console's sign-in form leads to enrollment, then to the console page it came from.
    const browser = new BrowserAgent(TEST_WEB_URL);
    const signedIn = await browser.submitForm(`${server.url}/api/auth/sign-in/email`, {
      email: TEST_ADMIN.email,
      password: TEST_ADMIN.password,
      callbackURL: `${TEST_WEB_URL}/users`,
    });
    expect(signedIn.status).toBe(303);
    expect(signedIn.location).toBe(`${TEST_WEB_URL}/enroll-second-factor?callbackURL=${encodeURIComponent(`${TEST_WEB_URL}/users`)}`);
    await enrollOnPage(browser, TEST_ADMIN.password);
    const allowed = await browser.fetchJson(`${server.url}/api/admin/oauth-clients`, "GET");
    expect(allowed.status).toBe(200);
    expect((await browser.fetchJson(`${server.url}/api/auth/admin/list-users`, "GET")).status).toBe(200);
    expect((await browser.fetchJson(`${server.url}/api/auth/oauth2/create-client`, "POST", clientByPlugin)).status).toBe(201);
    admin = browser;
  });

  it("settings: everyone needs a second factor; an authorization to any client leads a person without one to enrollment", async () => {
    const current = JSON.parse((await admin.fetchJson(`${server.url}/api/admin/settings`, "GET")).body) as Record<string, unknown>;
    const { sign_up_effective: _a, sign_up_default: _b, updated_at: _c, ...body } = current;
    expect((await admin.fetchJson(`${server.url}/api/admin/settings`, "PUT", { ...body, second_factor_required_everyone: true })).status).toBe(200);
    const plain = await registerClient(server, admin, { skip_consent: true, token_endpoint_auth_method: "client_secret_basic" });
    expect((plain as unknown as { require_second_factor: boolean }).require_second_factor).toBe(false);
    const plainConfig = await discoverClient(server, plain);
    await createPerson("hal@test.example", "hal-password-123");
    const browser = new BrowserAgent(TEST_WEB_URL);
    const url = oidc.buildAuthorizationUrl(plainConfig, {
      redirect_uri: RP_REDIRECT_URI,
      scope: "openid",
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: "S256",
    });
    const login = new URL((await browser.navigate(url.toString())).location ?? "", server.url);
    const signedIn = await browser.submitForm(`${server.url}/api/auth/sign-in/email`, {
      email: "hal@test.example",
      password: "hal-password-123",
      oauth_query: login.search.slice(1),
    });
    expect(new URL(signedIn.location ?? "", server.url).pathname).toBe("/enroll-second-factor");
  });
});
