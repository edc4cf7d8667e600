import { session } from "@iam/db/schema";
import { eq } from "drizzle-orm";
import type * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BrowserAgent,
  discoverClient,
  redeemCallback,
  registerClient,
  RP_REDIRECT_URI,
  signIn,
  signInAdmin,
  SoftAuthenticator,
  startAuthorization,
  startTestServerOn,
  TEST_WEB_URL,
  testDatabaseKinds,
  totpCode,
  totpKeyOf,
} from "@iam/testing";
import type { RegisteredClient, StartedAuthorization, TestServer } from "@iam/testing";

type Json = Record<string, unknown>;
interface Entry {
  action: string;
  actor_user_id: string | null;
  details: Json | null;
}

/**
 * Passkeys at the HTTP level, with a software authenticator signing real WebAuthn responses (the
 * browser suite, apps/web/e2e/passkeys.test.ts, does the same with Chromium's): the console's
 * host as RP ID, a passkey sign-in carrying the signed query back into the authorization, the
 * ID token's amr/acr, the second step after a password for its own account only, and refusals
 * answered in JSON.
 */
describe.each(testDatabaseKinds())("passkey sign-in on $label", (kind) => {
  let server: TestServer;
  let admin: BrowserAgent;
  let client: RegisteredClient;
  let config: oidc.Configuration;

  beforeAll(async () => {
    server = await startTestServerOn(kind, { rateLimit: true });
    admin = await signInAdmin(server);
    client = await registerClient(server, admin, { skip_consent: true, token_endpoint_auth_method: "client_secret_basic" });
    config = await discoverClient(server, client);
  });
  afterAll(async () => server?.close());

  const api = (path: string) => `${server.url}/api/auth${path}`;
  const json = (body: string) => JSON.parse(body) as Json;

  /** A person with a passkey on `authenticator`, registered through the account page's calls. */
  /** Accounts are made by the admin: sign-ups per address are limited (rate limits are on). */
  async function person(email: string, password: string): Promise<BrowserAgent> {
    const created = await admin.fetchJson(`${server.url}/api/auth/admin/create-user`, "POST", { email, password, name: email.split("@")[0] });
    expect(created.status).toBe(200);
    return signIn(server, email, password);
  }

  async function withPasskey(email: string, password: string, authenticator: SoftAuthenticator) {
    const agent = await person(email, password);
    const options = await agent.fetchJson(api("/passkey/generate-register-options"), "GET");
    expect(options.status).toBe(200);
    const registered = await agent.fetchJson(api("/passkey/verify-registration"), "POST", {
      response: authenticator.create(json(options.body) as never),
      name: "Laptop",
    });
    expect(registered.status).toBe(200);
    const userId = String((json((await agent.fetchJson(api("/get-session"), "GET")).body).user as Json).id);
    return { agent, userId };
  }

  const begin = (browser: BrowserAgent, extra: Record<string, string> = {}) => startAuthorization(config, browser, extra);

  const redeem = (attempt: StartedAuthorization, callback: string) => redeemCallback(config, attempt, callback);

  /** What the login page's script does: options, the authenticator, then the assertion with the signed query. */
  async function passkeyStep(browser: BrowserAgent, authenticator: SoftAuthenticator, body: Json, optionsQuery = "") {
    const options = await browser.fetchJson(api(`/passkey/generate-authenticate-options${optionsQuery}`), "GET");
    expect(options.status).toBe(200);
    const parsed = json(options.body) as { challenge: string; rpId: string; allowCredentials?: { id: string }[] };
    const answer = await browser.fetchJson(api("/passkey/verify-authentication"), "POST", { response: authenticator.get(parsed), ...body });
    return { options: parsed, answer };
  }

  async function auditFor(userId: string, action: string): Promise<Entry[]> {
    const response = await admin.fetchJson(`${server.url}/api/admin/audit-log?${new URLSearchParams({ action, actor: userId })}`, "GET");
    expect(response.status).toBe(200);
    return (json(response.body) as unknown as { entries: Entry[] }).entries;
  }

  it("registers for the console's host: its host name is the RP ID, the credential discoverable; enrollment is audited", async () => {
    const agent = await person("rio@test.example", "rio-password-123");
    const options = json((await agent.fetchJson(api("/passkey/generate-register-options"), "GET")).body);
    expect(options.rp).toMatchObject({ id: new URL(TEST_WEB_URL).hostname });
    expect(options.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "preferred" });
    // A response made for another origin (the API's own) is refused.
    const elsewhere = new SoftAuthenticator({ origin: server.url });
    const refused = await agent.fetchJson(api("/passkey/verify-registration"), "POST", { response: elsewhere.create(options as never) });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status, refused.body).toBeLessThan(500);

    const { userId } = await withPasskey("sky@test.example", "sky-password-123", new SoftAuthenticator({ origin: TEST_WEB_URL }));
    expect((await auditFor(userId, "second_factor.enrolled")).map((entry) => entry.details)).toEqual([
      expect.objectContaining({ method: "passkey", name: "Laptop" }),
    ]);
  });

  it("adding a passkey takes a sign-in within ten minutes: an older session is told to sign in again", async () => {
    const agent = await person("olga@test.example", "olga-password-123");
    const userId = String((json((await agent.fetchJson(api("/get-session"), "GET")).body).user as Json).id);
    // The session was opened eleven minutes ago (a cookie someone may have taken since).
    await server.database.db
      .update(session)
      .set({ createdAt: new Date(Date.now() - 11 * 60_000) })
      .where(eq(session.userId, userId));
    for (const call of [
      agent.fetchJson(api("/passkey/generate-register-options"), "GET"),
      agent.fetchJson(api("/passkey/verify-registration"), "POST", { response: {} }),
    ]) {
      const refused = await call;
      expect(refused.status).toBe(403);
      expect(json(refused.body)).toMatchObject({ code: "SESSION_NOT_FRESH" });
    }
    const again = await signIn(server, "olga@test.example", "olga-password-123");
    expect((await again.fetchJson(api("/passkey/generate-register-options"), "GET")).status).toBe(200);
  });

  it("a passkey alone, with the signed query in its JSON, resumes the authorization: callback, code, amr hwk user mfa", async () => {
    const authenticator = new SoftAuthenticator({ origin: TEST_WEB_URL });
    const { userId } = await withPasskey("pia@test.example", "pia-password-123", authenticator);
    const browser = new BrowserAgent(TEST_WEB_URL);
    const attempt = await begin(browser);
    expect(attempt.location).toContain("/oauth-login?");
    const { options, answer } = await passkeyStep(browser, authenticator, { oauth_query: attempt.oauthQuery });
    // Discoverable: nobody typed an email, so no credentials are named.
    expect(options.allowCredentials ?? []).toEqual([]);
    expect(answer.status).toBe(200);
    const url = String(json(answer.body).url);
    expect(url.startsWith(`${RP_REDIRECT_URI}?`)).toBe(true);
    const claims = (await redeem(attempt, url)).claims()!;
    expect(claims.amr).toEqual(["hwk", "user", "mfa"]);
    expect(claims.acr).toBe("urn:iam:acr:mfa");
    expect((await auditFor(userId, "sign_in.succeeded")).some((entry) => entry.details?.method === "passkey")).toBe(true);
  });

  it("without user verification a passkey is one factor, and a synced one is swk", async () => {
    const authenticator = new SoftAuthenticator({ origin: TEST_WEB_URL, userVerified: false });
    await withPasskey("uma@test.example", "uma-password-123", authenticator);
    const browser = new BrowserAgent(TEST_WEB_URL);
    const attempt = await begin(browser);
    const { answer } = await passkeyStep(browser, authenticator, { oauth_query: attempt.oauthQuery });
    const claims = (await redeem(attempt, String(json(answer.body).url))).claims()!;
    expect(claims.amr).toEqual(["hwk", "user"]);
    expect(claims.acr).toBe("urn:iam:acr:sfa");

    const synced = new SoftAuthenticator({ origin: TEST_WEB_URL, backedUp: true });
    await withPasskey("sol@test.example", "sol-password-123", synced);
    const other = new BrowserAgent(TEST_WEB_URL);
    const second = await begin(other);
    const signedIn = await passkeyStep(other, synced, { oauth_query: second.oauthQuery });
    expect((await redeem(second, String(json(signedIn.answer.body).url))).claims()!.amr).toEqual(["swk", "user", "mfa"]);
  });

  it("as the second step after a password: only the challenged account's passkey, which resumes with pwd hwk user mfa", async () => {
    const mine = new SoftAuthenticator({ origin: TEST_WEB_URL });
    const { agent, userId } = await withPasskey("tao@test.example", "tao-password-123", mine);
    const enable = json((await agent.fetchJson(api("/two-factor/enable"), "POST", { password: "tao-password-123" })).body);
    expect((await agent.fetchJson(api("/two-factor/verify-totp"), "POST", { code: totpCode(totpKeyOf(String(enable.totpURI))) })).status).toBe(200);
    const someoneElse = new SoftAuthenticator({ origin: TEST_WEB_URL });
    await withPasskey("val@test.example", "val-password-123", someoneElse);

    const browser = new BrowserAgent(TEST_WEB_URL);
    const attempt = await begin(browser);
    const password = await browser.submitForm(api("/sign-in/email"), {
      email: "tao@test.example",
      password: "tao-password-123",
      oauth_query: attempt.oauthQuery,
    });
    expect(password.location).toBe(`${TEST_WEB_URL}/two-factor?${attempt.oauthQuery}`);

    const other = await passkeyStep(browser, someoneElse, { oauth_query: attempt.oauthQuery, second_factor: true }, "?second_factor=true");
    // The options name the challenged person's credentials only.
    expect(other.options.allowCredentials?.map((credential) => credential.id)).toEqual([mine.credentials[0]?.id]);
    expect(other.answer.status).toBe(401);
    expect(json(other.answer.body).code).toBe("PASSKEY_OF_ANOTHER_ACCOUNT");
    expect((await auditFor(userId, "second_factor.failed")).map((entry) => entry.details?.method)).toEqual(["passkey"]);

    const { answer } = await passkeyStep(browser, mine, { oauth_query: attempt.oauthQuery, second_factor: true }, "?second_factor=true");
    expect(answer.status).toBe(200);
    const claims = (await redeem(attempt, String(json(answer.body).url))).claims()!;
    expect(claims.amr).toEqual(["pwd", "hwk", "user", "mfa"]);
    expect(claims.acr).toBe("urn:iam:acr:mfa");
    // The challenge is spent: it cannot open a second session.
    const again = await passkeyStep(browser, mine, { second_factor: true });
    expect(again.answer.status).toBe(401);
    expect(json(again.answer.body).code).toBe("SECOND_FACTOR_EXPIRED");
  });

  it("step-up from a password session of a person whose only second factor is a passkey leads to the second-factor page", async () => {
    const authenticator = new SoftAuthenticator({ origin: TEST_WEB_URL });
    await withPasskey("ada@test.example", "ada-password-123", authenticator);
    const browser = await signIn(server, "ada@test.example", "ada-password-123");
    const attempt = await begin(browser, { acr_values: "urn:iam:acr:mfa" });
    expect(attempt.location.startsWith(`${TEST_WEB_URL}/two-factor?`)).toBe(true);
    const { answer } = await passkeyStep(browser, authenticator, { oauth_query: attempt.oauthQuery, second_factor: true }, "?second_factor=true");
    const claims = (await redeem(attempt, String(json(answer.body).url))).claims()!;
    expect(claims.acr).toBe("urn:iam:acr:mfa");
  });

  it("admins see a person's passkeys, and a reset removes them: the lost passkey is no longer asked for", async () => {
    const authenticator = new SoftAuthenticator({ origin: TEST_WEB_URL });
    const { userId } = await withPasskey("noor@test.example", "noor-password-123", authenticator);
    const listed = json((await admin.fetchJson(`${server.url}/api/admin/second-factors`, "GET")).body) as unknown as { people: Json[] };
    expect(listed.people.find((entry) => entry.user_id === userId)).toMatchObject({ passkeys: 1, totp: false, totp_pending: false });

    const reset = await admin.fetchJson(`${server.url}/api/admin/second-factors/${userId}`, "DELETE");
    expect(json(reset.body)).toMatchObject({ removed: true, sessions_ended: true });
    const after = json((await admin.fetchJson(`${server.url}/api/admin/second-factors`, "GET")).body) as unknown as { people: Json[] };
    expect(after.people.find((entry) => entry.user_id === userId)).toBeUndefined();
    // Asking for the multi-factor acr now gets the code as is: there is no second factor to ask for.
    const browser = await signIn(server, "noor@test.example", "noor-password-123");
    const attempt = await begin(browser, { acr_values: "urn:iam:acr:mfa" });
    expect(attempt.location.startsWith(`${RP_REDIRECT_URI}?`)).toBe(true);
  });

  it("refusals are JSON in the plugin's terms, never a 500: no challenge, a tampered query, a malformed response", async () => {
    const authenticator = new SoftAuthenticator({ origin: TEST_WEB_URL });
    await withPasskey("lee@test.example", "lee-password-123", authenticator);
    const browser = new BrowserAgent(TEST_WEB_URL);
    const noChallenge = await passkeyStep(browser, authenticator, { second_factor: true });
    expect(noChallenge.answer.status).toBe(401);

    const attempt = await begin(browser);
    const tampered = attempt.oauthQuery.replace(/sig=[^&]+/, "sig=AAAA");
    const badQuery = await passkeyStep(browser, authenticator, { oauth_query: tampered });
    expect(badQuery.answer.status).toBe(400);
    expect(json(badQuery.answer.body).error).toBe("invalid_signature");

    await browser.fetchJson(api("/passkey/generate-authenticate-options"), "GET");
    const malformed = await browser.fetchJson(api("/passkey/verify-authentication"), "POST", { response: { id: "x", response: { clientDataJSON: "!!" } } });
    expect(malformed.status).toBeGreaterThanOrEqual(400);
    expect(malformed.status).toBeLessThan(500);
    expect(String(malformed.headers["content-type"])).toContain("application/json");
  });
});
