import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BrowserAgent, registerClient, RP_REDIRECT_URI, signInAdmin, signUp, startTestServer, TEST_WEB_URL } from "@iam/testing";
import type { RegisteredClient, TestServer } from "@iam/testing";

const USER = { email: "carol@test.example", password: "carol-password-123" };
const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/**
 * What a person's browser gets from /api/auth/* (pages and redirects) against what scripts and
 * relying parties get (JSON, unchanged). PGlite only: this is HTTP shaping, not storage.
 */
describe("browser layer: navigations get pages, API callers keep JSON", () => {
  let server: TestServer;
  let client: RegisteredClient;

  beforeAll(async () => {
    server = await startTestServer({ kind: "pglite", dataDir: "memory://" });
    client = await registerClient(server, await signInAdmin(server), { post_logout_redirect_uris: ["http://localhost:8765/bye"], enable_end_session: true });
    await signUp(server, USER.email, USER.password, "Carol");
  });
  afterAll(async () => server?.close());

  function authorizeUrl(params: Record<string, string> = {}): string {
    const query = new URLSearchParams({
      response_type: "code",
      client_id: client.client_id,
      redirect_uri: RP_REDIRECT_URI,
      scope: "openid email",
      state: "state-123",
      code_challenge: CHALLENGE,
      code_challenge_method: "S256",
      ...params,
    });
    return `${server.issuer}/oauth2/authorize?${query}`;
  }

  /** The signed query the login page receives, as the page would put it in `oauth_query`. */
  async function signedLoginQuery(browser: BrowserAgent, params: Record<string, string> = {}): Promise<string> {
    const response = await browser.navigate(authorizeUrl(params));
    const location = new URL(response.location!);
    expect(location.origin + location.pathname).toBe(`${TEST_WEB_URL}/oauth-login`);
    return location.search.slice(1);
  }

  it("a wrong password in the login form goes back to the login page with the signed query and a reason", async () => {
    const browser = new BrowserAgent(TEST_WEB_URL);
    const oauthQuery = await signedLoginQuery(browser);
    const response = await browser.submitForm(`${server.url}/api/auth/sign-in/email`, {
      email: USER.email,
      password: "wrong-password",
      oauth_query: oauthQuery,
    });
    expect(response.status).toBe(303);
    expect(response.location).toBe(`${TEST_WEB_URL}/oauth-login?${oauthQuery}&mode=sign-in&error=invalid_credentials`);
    expect(response.location).not.toContain("wrong-password");

    const retried = await browser.submitForm(`${server.url}/api/auth/sign-in/email`, { email: USER.email, password: USER.password, oauth_query: oauthQuery });
    expect(retried.status).toBe(302);
    expect(retried.location?.startsWith(`${TEST_WEB_URL}/consent?`)).toBe(true);
  });

  it("API callers still get Better Auth's JSON for a wrong password", async () => {
    const response = await new BrowserAgent(TEST_WEB_URL).fetchJson(`${server.url}/api/auth/sign-in/email`, "POST", { email: USER.email, password: "wrong" });
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body)).toMatchObject({ code: "INVALID_EMAIL_OR_PASSWORD" });
  });

  it("a tampered oauth_query posted by a browser lands on the error page; a script gets JSON", async () => {
    const browser = new BrowserAgent(TEST_WEB_URL);
    const tampered = (await signedLoginQuery(browser)).replace("scope=openid", "scope=openid+profile");
    const response = await browser.submitForm(`${server.url}/api/auth/sign-in/email`, { email: USER.email, password: USER.password, oauth_query: tampered });
    expect(response.status).toBe(303);
    expect(response.location).toBe(`${TEST_WEB_URL}/error?error=invalid_signature`);
    expect(browser.hasCookies()).toBe(false);

    const script = await new BrowserAgent(TEST_WEB_URL).fetchJson(`${server.url}/api/auth/sign-in/email`, "POST", {
      email: USER.email,
      password: USER.password,
      oauth_query: tampered,
    });
    expect(script.status).toBe(400);
    expect(JSON.parse(script.body)).toMatchObject({ error: "invalid_signature" });
  });

  it("unknown client_id and unregistered redirect_uri send the browser to the console's error page, never to the redirect_uri", async () => {
    const browser = new BrowserAgent(TEST_WEB_URL);
    const unknown = await browser.navigate(authorizeUrl({ client_id: "nope" }));
    expect(unknown.status).toBe(302);
    expect(new URL(unknown.location!).origin + new URL(unknown.location!).pathname).toBe(`${TEST_WEB_URL}/error`);
    expect(new URL(unknown.location!).searchParams.get("error")).toBe("invalid_client");

    const elsewhere = await browser.navigate(authorizeUrl({ redirect_uri: "http://localhost:8765/elsewhere" }));
    expect(new URL(elsewhere.location!).searchParams.get("error")).toBe("invalid_redirect");
    expect(elsewhere.location).not.toContain("8765");
  });

  it("consent as a form post: Deny returns access_denied with state and iss, Allow returns a code", async () => {
    const browser = new BrowserAgent(TEST_WEB_URL);
    const oauthQuery = await signedLoginQuery(browser);
    const signedIn = await browser.submitForm(`${server.url}/api/auth/sign-in/email`, { email: USER.email, password: USER.password, oauth_query: oauthQuery });
    const consentQuery = new URL(signedIn.location!).search.slice(1);

    const denied = await browser.submitForm(`${server.url}/api/auth/oauth2/consent`, { accept: "false", oauth_query: consentQuery });
    expect(denied.status).toBe(303);
    const deniedUrl = new URL(denied.location!);
    expect(deniedUrl.origin + deniedUrl.pathname).toBe(RP_REDIRECT_URI);
    expect(Object.fromEntries(deniedUrl.searchParams)).toMatchObject({ error: "access_denied", state: "state-123", iss: server.issuer });

    const allowed = await browser.submitForm(`${server.url}/api/auth/oauth2/consent`, { accept: "true", oauth_query: consentQuery });
    expect(allowed.status).toBe(303);
    const allowedUrl = new URL(allowed.location!);
    expect(allowedUrl.searchParams.get("code")).toBeTruthy();
    expect(allowedUrl.searchParams.get("state")).toBe("state-123");
    expect(allowedUrl.searchParams.get("iss")).toBe(server.issuer);

    const garbage = await browser.submitForm(`${server.url}/api/auth/oauth2/consent`, { accept: "maybe", oauth_query: consentQuery });
    expect(garbage.location).toBe(`${TEST_WEB_URL}/error?error=invalid_request`);
  });

  it("sign-up from the login page: an existing email comes back in sign-up mode with a reason", async () => {
    const browser = new BrowserAgent(TEST_WEB_URL);
    const oauthQuery = await signedLoginQuery(browser, { prompt: "create" });
    const response = await browser.submitForm(`${server.url}/api/auth/sign-up/email`, {
      name: "Carol Again",
      email: USER.email,
      password: "another-password-1",
      oauth_query: oauthQuery,
    });
    expect(response.status).toBe(303);
    expect(response.location).toBe(`${TEST_WEB_URL}/oauth-login?${oauthQuery}&mode=create&error=user_exists`);

    const fresh = await browser.submitForm(`${server.url}/api/auth/sign-up/email`, {
      name: "Dan",
      email: "dan@test.example",
      password: "dan-password-123",
      oauth_query: oauthQuery,
    });
    expect(fresh.status).toBe(303);
    expect(fresh.location?.startsWith(`${TEST_WEB_URL}/consent?`)).toBe(true);
  });

  it("the console's sign-in form redirects to its callbackURL, or back to /sign-in with a reason", async () => {
    const browser = new BrowserAgent(TEST_WEB_URL);
    const failed = await browser.submitForm(`${server.url}/api/auth/sign-in/email`, {
      email: USER.email,
      password: "nope",
      callbackURL: `${TEST_WEB_URL}/oauth-clients`,
    });
    expect(failed.status).toBe(303);
    const back = new URL(failed.location!);
    expect(back.origin + back.pathname).toBe(`${TEST_WEB_URL}/sign-in`);
    expect(Object.fromEntries(back.searchParams)).toEqual({ error: "invalid_credentials", callbackURL: `${TEST_WEB_URL}/oauth-clients` });

    const ok = await browser.submitForm(`${server.url}/api/auth/sign-in/email`, {
      email: USER.email,
      password: USER.password,
      callbackURL: `${TEST_WEB_URL}/oauth-clients`,
    });
    expect(ok.status).toBe(303);
    expect(ok.location).toBe(`${TEST_WEB_URL}/oauth-clients`);
    expect(browser.hasCookies()).toBe(true);
  });

  it("logout without id_token_hint asks on the console's page, keeping the plugin's signed confirmation cookie", async () => {
    const browser = new BrowserAgent(TEST_WEB_URL);
    await browser.fetchJson(`${server.url}/api/auth/sign-in/email`, "POST", USER);
    const query = new URLSearchParams({ client_id: client.client_id, post_logout_redirect_uri: "http://localhost:8765/bye", state: "s" });
    const response = await browser.navigate(`${server.issuer}/oauth2/end-session?${query}`);
    expect(response.status).toBe(303);
    expect(response.location).toBe(`${TEST_WEB_URL}/logout`);
    expect(String(response.headers["set-cookie"])).toContain("end-session/confirm");

    const confirmed = await browser.submitForm(`${server.issuer}/oauth2/end-session/confirm`, { action: "confirm" });
    expect(confirmed.location).toBe("http://localhost:8765/bye?state=s");
    const session = await browser.fetchJson(`${server.url}/api/auth/get-session`, "GET");
    expect(session.body).toBe("null");
  });

  it("a logout a browser cannot complete lands on the console's error page", async () => {
    const browser = new BrowserAgent(TEST_WEB_URL);
    const response = await browser.navigate(`${server.issuer}/oauth2/end-session?id_token_hint=not-a-jwt`);
    expect(response.status).toBe(303);
    expect(response.location).toBe(`${TEST_WEB_URL}/error?error=logout_failed`);
  });
});

describe("browser layer with rate limiting on", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ kind: "pglite", dataDir: "memory://" }, { rateLimit: true });
  });
  afterAll(async () => server?.close());

  it("too many sign-in attempts from the login form come back as a message, not a JSON 429", async () => {
    const browser = new BrowserAgent(TEST_WEB_URL);
    const reasons: string[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const response = await browser.submitForm(`${server.url}/api/auth/sign-in/email`, {
        email: USER.email,
        password: "wrong",
        callbackURL: `${TEST_WEB_URL}/`,
      });
      expect(response.status).toBe(303);
      reasons.push(new URL(response.location!).searchParams.get("error") ?? "");
    }
    expect(reasons[0]).toBe("invalid_credentials");
    expect(reasons.at(-1)).toBe("too_many_attempts");
  });
});
