import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BrowserAgent,
  completeAuthorization,
  discoverClient,
  redeemCallback,
  registerClient,
  RP_REDIRECT_URI,
  signIn,
  signInAdmin,
  startAuthorization,
  startTestServerOn,
  TEST_WEB_URL,
  testDatabaseKinds,
  totpCode,
  totpKeyOf,
} from "@iam/testing";
import type { RegisteredClient, StartedAuthorization, TestServer } from "@iam/testing";
import { ACR_VALUES } from "@iam/auth";

interface Entry {
  action: string;
  actor_user_id: string | null;
  details: Record<string, unknown> | null;
}

/**
 * The second factor inside an OAuth authorization, as a browser without JavaScript drives it:
 * native form posts through the browser layer, the signed query carried from the login page to
 * the second-factor page and back to the provider, whatever goes wrong in between.
 */
describe.each(testDatabaseKinds())("second factor (TOTP, backup codes) during authorization on $label", (kind) => {
  let server: TestServer;
  let admin: BrowserAgent;
  let client: RegisteredClient;
  let config: oidc.Configuration;

  beforeAll(async () => {
    // Rate limits on, as in production: the plugin's own per-address rule must not refuse people.
    server = await startTestServerOn(kind, { rateLimit: true });
    admin = await signInAdmin(server);
    client = await registerClient(server, admin, { skip_consent: true, token_endpoint_auth_method: "client_secret_basic" });
    config = await discoverClient(server, client);
  });
  afterAll(async () => server?.close());

  /** Signs up and turns on TOTP (password, then a first code); returns the key and backup codes. */
  async function enrolled(email: string, password: string) {
    const created = await admin.fetchJson(`${server.url}/api/auth/admin/create-user`, "POST", { email, password, name: email.split("@")[0] });
    expect(created.status).toBe(200);
    const agent = await signIn(server, email, password);
    const enable = await agent.fetchJson(`${server.url}/api/auth/two-factor/enable`, "POST", { password });
    expect(enable.status).toBe(200);
    const { totpURI, backupCodes } = JSON.parse(enable.body) as { totpURI: string; backupCodes: string[] };
    const key = totpKeyOf(totpURI);
    const notYet = JSON.parse((await agent.fetchJson(`${server.url}/api/auth/get-session`, "GET")).body) as { user: { id: string; twoFactorEnabled: boolean } };
    expect(notYet.user.twoFactorEnabled).toBe(false);
    const confirm = await agent.fetchJson(`${server.url}/api/auth/two-factor/verify-totp`, "POST", { code: totpCode(key) });
    expect(confirm.status).toBe(200);
    return { agent, key, backupCodes, userId: notYet.user.id };
  }

  const begin = (browser: BrowserAgent, extra: Record<string, string> = {}) => startAuthorization(config, browser, extra);

  const redeem = (attempt: StartedAuthorization, callback: string) => redeemCallback(config, attempt, callback);

  /** The login form's native post; a right password leads to the second-factor page, not to a session. */
  async function passwordStep(browser: BrowserAgent, email: string, password: string, oauthQuery: string) {
    expect(oauthQuery).toContain("sig=");
    const response = await browser.submitForm(`${server.url}/api/auth/sign-in/email`, { email, password, oauth_query: oauthQuery });
    expect(response.status).toBe(303);
    expect(response.location).toBe(`${TEST_WEB_URL}/two-factor?${oauthQuery}`);
    expect(browser.cookieHeader()).not.toMatch(/session_token=[^;]/);
  }

  const verify = (browser: BrowserAgent, path: "verify-totp" | "verify-backup-code", code: string, oauthQuery: string) =>
    browser.submitForm(`${server.url}/api/auth/two-factor/${path}`, { code, oauth_query: oauthQuery });

  async function auditFor(userId: string, action: string): Promise<Entry[]> {
    const response = await admin.fetchJson(`${server.url}/api/admin/audit-log?${new URLSearchParams({ action, actor: userId })}`, "GET");
    expect(response.status).toBe(200);
    return (JSON.parse(response.body) as { entries: Entry[] }).entries;
  }

  it("password, a wrong code (the query survives), the right code, then the relying party's callback and tokens", async () => {
    const { key, userId } = await enrolled("dana@test.example", "dana-password-123");
    expect(await auditFor(userId, "second_factor.enrolled")).toHaveLength(1);

    const browser = new BrowserAgent(TEST_WEB_URL);
    const attempt = await begin(browser);
    await passwordStep(browser, "dana@test.example", "dana-password-123", attempt.oauthQuery);

    const wrongCode = String((Number(totpCode(key)) + 1) % 1_000_000).padStart(6, "0");
    const wrong = await verify(browser, "verify-totp", wrongCode, attempt.oauthQuery);
    expect(wrong.status).toBe(303);
    expect(wrong.location).toBe(`${TEST_WEB_URL}/two-factor?${attempt.oauthQuery}&error=invalid_code`);

    const right = await verify(browser, "verify-totp", totpCode(key), attempt.oauthQuery);
    expect(right.status).toBeGreaterThanOrEqual(300);
    expect(right.status).toBeLessThan(400);
    const callback = new URL(await completeAuthorization(browser, server.url, new URL(right.location!, server.url).toString()));
    expect(callback.origin + callback.pathname).toBe(RP_REDIRECT_URI);
    const tokens = await redeem(attempt, callback.toString());
    const claims = tokens.claims()!;
    expect(claims.sub).toBe(userId);
    // RFC 8176: a password and a one-time code, so several factors; auth_time is this sign-in's.
    expect([...((claims.amr as string[] | undefined) ?? [])].sort()).toEqual(["mfa", "otp", "pwd"]);
    expect(claims.acr).toBe(ACR_VALUES.multiFactor);
    expect(Math.abs(Number(claims.auth_time) - Date.now() / 1000)).toBeLessThan(120);

    const failures = await auditFor(userId, "second_factor.failed");
    expect(failures).toHaveLength(1);
    expect(failures[0]!.details).toMatchObject({ method: "totp" });
    expect(JSON.stringify(failures)).not.toContain(wrongCode);
    expect((await auditFor("dana@test.example", "sign_in.second_factor_required")).length).toBe(1);
  });

  it("a backup code completes a sign-in once and only once", async () => {
    const { backupCodes, userId } = await enrolled("erin@test.example", "erin-password-123");
    expect(backupCodes).toHaveLength(10);
    const code = backupCodes[0]!;

    const first = new BrowserAgent(TEST_WEB_URL);
    const one = await begin(first);
    await passwordStep(first, "erin@test.example", "erin-password-123", one.oauthQuery);
    const used = await verify(first, "verify-backup-code", code, one.oauthQuery);
    expect(used.status).toBeGreaterThanOrEqual(300);
    const landed = await completeAuthorization(first, server.url, new URL(used.location!, server.url).toString());
    expect(landed.startsWith(RP_REDIRECT_URI)).toBe(true);

    const second = new BrowserAgent(TEST_WEB_URL);
    const two = await begin(second);
    await passwordStep(second, "erin@test.example", "erin-password-123", two.oauthQuery);
    const reused = await verify(second, "verify-backup-code", code, two.oauthQuery);
    expect(reused.status).toBe(303);
    expect(reused.location).toBe(`${TEST_WEB_URL}/two-factor?${two.oauthQuery}&method=backup_code&error=invalid_code`);
    // Another, unused code still works on the same challenge.
    const other = await verify(second, "verify-backup-code", backupCodes[1]!, two.oauthQuery);
    expect((await completeAuthorization(second, server.url, new URL(other.location!, server.url).toString())).startsWith(RP_REDIRECT_URI)).toBe(true);
    expect((await auditFor(userId, "second_factor.failed")).map((entry) => entry.details?.method)).toEqual(["backup_code"]);
  });

  it("wrong codes are limited per account, across challenges: then even the right code is refused", async () => {
    const { key, userId } = await enrolled("fred@test.example", "fred-password-123");
    const wrongCode = () => String((Number(totpCode(key)) + 500_000) % 1_000_000).padStart(6, "0");

    const first = new BrowserAgent(TEST_WEB_URL);
    const one = await begin(first);
    await passwordStep(first, "fred@test.example", "fred-password-123", one.oauthQuery);
    for (let i = 0; i < 3; i++) expect((await verify(first, "verify-totp", wrongCode(), one.oauthQuery)).location).toContain("error=invalid_code");

    // A new challenge (the password again, from another browser) shares the account's count.
    const second = new BrowserAgent(TEST_WEB_URL);
    const two = await begin(second);
    await passwordStep(second, "fred@test.example", "fred-password-123", two.oauthQuery);
    for (let i = 0; i < 2; i++) expect((await verify(second, "verify-totp", wrongCode(), two.oauthQuery)).location).toContain("error=invalid_code");

    const refused = await verify(second, "verify-totp", totpCode(key), two.oauthQuery);
    expect(refused.status).toBe(303);
    expect(refused.location).toBe(`${TEST_WEB_URL}/two-factor?${two.oauthQuery}&error=locked`);
    expect(second.cookieHeader()).not.toMatch(/session_token=[^;]/);
    expect(await auditFor(userId, "second_factor.failed")).toHaveLength(6);
  });

  it("the console's own sign-in (no OAuth) goes through the second factor back to its page", async () => {
    const { key } = await enrolled("gail@test.example", "gail-password-123");
    const browser = new BrowserAgent(TEST_WEB_URL);
    const callbackURL = `${TEST_WEB_URL}/account/security`;
    const password = await browser.submitForm(`${server.url}/api/auth/sign-in/email`, {
      email: "gail@test.example",
      password: "gail-password-123",
      callbackURL,
    });
    expect(password.status).toBe(303);
    expect(password.location).toBe(`${TEST_WEB_URL}/two-factor?${new URLSearchParams({ callbackURL })}`);
    const done = await browser.submitForm(`${server.url}/api/auth/two-factor/verify-totp`, { code: totpCode(key), callbackURL });
    expect(done.status).toBe(303);
    expect(done.location).toBe(callbackURL);
    const session = JSON.parse((await browser.fetchJson(`${server.url}/api/auth/get-session`, "GET")).body) as { user: { email: string } };
    expect(session.user.email).toBe("gail@test.example");
  });

  it("removing the factor needs the password and is audited; sign-in then asks for no code", async () => {
    const { agent, userId } = await enrolled("hana@test.example", "hana-password-123");
    const wrong = await agent.fetchJson(`${server.url}/api/auth/two-factor/disable`, "POST", { password: "not-hanas-password" });
    expect(wrong.status).toBe(400);
    const removed = await agent.fetchJson(`${server.url}/api/auth/two-factor/disable`, "POST", { password: "hana-password-123" });
    expect(removed.status).toBe(200);
    expect(await auditFor(userId, "second_factor.removed")).toHaveLength(1);

    const browser = new BrowserAgent(TEST_WEB_URL);
    const attempt = await begin(browser);
    const signedIn = await browser.submitForm(`${server.url}/api/auth/sign-in/email`, {
      email: "hana@test.example",
      password: "hana-password-123",
      oauth_query: attempt.oauthQuery,
    });
    expect(signedIn.location?.startsWith(RP_REDIRECT_URI)).toBe(true);
  });

  it("discovery advertises one acr value for one factor and one for several", async () => {
    const metadata = (
      await oidc.discovery(new URL(server.issuer), client.client_id, undefined, undefined, { execute: [oidc.allowInsecureRequests] })
    ).serverMetadata();
    expect(metadata.acr_values_supported).toEqual([ACR_VALUES.singleFactor, ACR_VALUES.multiFactor]);
    const pathInserted = await fetch(`${server.url}/.well-known/openid-configuration/api/auth`).then(
      (response) => response.json() as Promise<Record<string, unknown>>,
    );
    expect(pathInserted.acr_values_supported).toEqual([ACR_VALUES.singleFactor, ACR_VALUES.multiFactor]);
  });

  it("acr_values for several factors steps up an existing single-factor session with the second factor only", async () => {
    // A session from before the person turned the authenticator app on (another device).
    const email = "ivan@test.example";
    const password = "ivan-password-123";
    const created = await admin.fetchJson(`${server.url}/api/auth/admin/create-user`, "POST", { email, password, name: "Ivan" });
    expect(created.status).toBe(200);
    const browser = new BrowserAgent(TEST_WEB_URL);
    const login = await begin(browser);
    const signedIn = await browser.submitForm(`${server.url}/api/auth/sign-in/email`, { email, password, oauth_query: login.oauthQuery });
    const single = (await redeem(login, signedIn.location!)).claims()!;
    expect(single.amr).toEqual(["pwd"]);
    expect(single.acr).toBe(ACR_VALUES.singleFactor);

    const phone = await signIn(server, email, password);
    const enable = await phone.fetchJson(`${server.url}/api/auth/two-factor/enable`, "POST", { password });
    const key = totpKeyOf((JSON.parse(enable.body) as { totpURI: string }).totpURI);
    expect((await phone.fetchJson(`${server.url}/api/auth/two-factor/verify-totp`, "POST", { code: totpCode(key) })).status).toBe(200);

    // Without acr_values the existing session is enough.
    const plain = await begin(browser);
    expect(plain.location.startsWith(RP_REDIRECT_URI)).toBe(true);

    const stepUp = await begin(browser, { acr_values: ACR_VALUES.multiFactor });
    expect(stepUp.location.startsWith(`${TEST_WEB_URL}/two-factor?`)).toBe(true);
    expect(stepUp.oauthQuery).toContain("sig=");
    const verified = await verify(browser, "verify-totp", totpCode(key), stepUp.oauthQuery);
    const callback = await completeAuthorization(browser, server.url, new URL(verified.location!, server.url).toString());
    expect(callback.startsWith(RP_REDIRECT_URI)).toBe(true);
    const stepped = (await redeem(stepUp, callback)).claims()!;
    expect(stepped.acr).toBe(ACR_VALUES.multiFactor);
    expect([...((stepped.amr as string[] | undefined) ?? [])].sort()).toEqual(["mfa", "otp", "pwd"]);
    expect(Number(stepped.auth_time)).toBeGreaterThanOrEqual(Number(single.auth_time));

    // The multi-factor session now satisfies the same request without asking again.
    const again = await begin(browser, { acr_values: ACR_VALUES.multiFactor });
    expect(again.location.startsWith(RP_REDIRECT_URI)).toBe(true);
    expect((await redeem(again, again.location)).claims()?.acr).toBe(ACR_VALUES.multiFactor);
  });

  it("admins see who has which factor and reset a locked-out person's (audited); the person then signs in with the password", async () => {
    const { agent: jade, userId } = await enrolled("jade@test.example", "jade-password-123");
    const listed = await admin.fetchJson(`${server.url}/api/admin/second-factors`, "GET");
    expect(listed.status).toBe(200);
    const people = (JSON.parse(listed.body) as { people: { user_id: string; email: string; totp: boolean }[] }).people;
    expect(people.find((person) => person.user_id === userId)).toMatchObject({ email: "jade@test.example", totp: true });
    expect(listed.body).not.toMatch(/secret|backup/i);

    // Only admins.
    expect((await jade.fetchJson(`${server.url}/api/admin/second-factors`, "GET")).status).toBe(403);
    const remove = (id: string) =>
      fetch(`${server.url}/api/admin/second-factors/${id}`, { method: "DELETE", headers: { cookie: admin.cookieHeader(), origin: TEST_WEB_URL } });
    expect((await remove("no-such-user")).status).toBe(404);

    const reset = await remove(userId);
    expect(reset.status).toBe(200);
    expect(await reset.json()).toEqual({ user_id: userId, removed: true, sessions_ended: true });
    // Sessions opened with the removed factor end with it.
    expect(JSON.parse((await jade.fetchJson(`${server.url}/api/auth/get-session`, "GET")).body)).toBeNull();
    const audited = await admin.fetchJson(`${server.url}/api/admin/audit-log?${new URLSearchParams({ action: "second_factor.reset", target: userId })}`, "GET");
    expect((JSON.parse(audited.body) as { entries: unknown[] }).entries).toHaveLength(1);

    const browser = new BrowserAgent(TEST_WEB_URL);
    const attempt = await begin(browser);
    const signedIn = await browser.submitForm(`${server.url}/api/auth/sign-in/email`, {
      email: "jade@test.example",
      password: "jade-password-123",
      oauth_query: attempt.oauthQuery,
    });
    expect(signedIn.location?.startsWith(RP_REDIRECT_URI)).toBe(true);
  });
});
