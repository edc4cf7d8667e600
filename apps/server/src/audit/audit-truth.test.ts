import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BrowserAgent,
  registerClient,
  RP_REDIRECT_URI,
  signInAdmin,
  signUp,
  startTestServerOn,
  TEST_ADMIN,
  TEST_WEB_URL,
  testDatabaseKinds,
} from "@iam/testing";
import type { RegisteredClient, TestServer } from "@iam/testing";
import type { AuditEntry, Dashboard } from "@iam/schemas";

const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/**
 * The audit log records what happened, whatever the transport answered: a native form's success
 * is a redirect, a script's is JSON. Read back through the admin API as the console reads it.
 */
describe.each(testDatabaseKinds())("audit log tells the truth on $label", (kind) => {
  let server: TestServer;
  let admin: BrowserAgent;
  let client: RegisteredClient;

  beforeAll(async () => {
    server = await startTestServerOn(kind);
    admin = await signInAdmin(server);
    client = await registerClient(server, admin, { client_name: "Audited App" });
    await signUp(server, "frank@test.example", "frank-password-123", "Frank Form");
  });
  afterAll(async () => server?.close());

  async function log(filter: Record<string, string>): Promise<AuditEntry[]> {
    const response = await admin.fetchJson(`${server.url}/api/admin/audit-log?${new URLSearchParams(filter)}`, "GET");
    expect(response.status).toBe(200);
    return (JSON.parse(response.body) as { entries: AuditEntry[] }).entries;
  }

  async function signedLoginQuery(browser: BrowserAgent, extra: Record<string, string> = {}): Promise<string> {
    const query = new URLSearchParams({
      response_type: "code",
      client_id: client.client_id,
      redirect_uri: RP_REDIRECT_URI,
      scope: "openid email",
      state: "s",
      code_challenge: CHALLENGE,
      code_challenge_method: "S256",
      ...extra,
    });
    const response = await browser.navigate(`${server.issuer}/oauth2/authorize?${query}`);
    return new URL(response.location ?? "").search.slice(1);
  }

  it("a form sign-in answered with a redirect is a success, a wrong password a failure", async () => {
    const browser = new BrowserAgent(TEST_WEB_URL);
    const oauthQuery = await signedLoginQuery(browser);
    const wrong = await browser.submitForm(`${server.url}/api/auth/sign-in/email`, {
      email: "frank@test.example",
      password: "nope-nope-nope",
      oauth_query: oauthQuery,
    });
    expect(wrong.status).toBe(303);
    const ok = await browser.submitForm(`${server.url}/api/auth/sign-in/email`, {
      email: "frank@test.example",
      password: "frank-password-123",
      oauth_query: oauthQuery,
    });
    expect(ok.status).toBe(302);

    const entries = await log({ actor: "frank@test.example", action: "sign_in." });
    expect(entries.map((entry) => entry.action)).toEqual(["sign_in.succeeded", "sign_in.failed"]);
    const [succeeded, failed] = entries;
    expect(succeeded?.details).toBeNull();
    expect(succeeded?.action_label).toBe("Signed in");
    expect(succeeded?.actor).toMatchObject({ type: "user", name: "Frank Form", email: "frank@test.example" });
    expect(succeeded?.actor.id).toBeTruthy();
    expect(failed?.details).toMatchObject({ status: 401 });
    expect(failed?.actor).toMatchObject({ type: "anonymous", id: null, email: "frank@test.example" });
  });

  it("a form sign-up records user.signed_up with the new person as actor and target", async () => {
    const browser = new BrowserAgent(TEST_WEB_URL);
    const oauthQuery = await signedLoginQuery(browser, { prompt: "create" });
    const created = await browser.submitForm(`${server.url}/api/auth/sign-up/email`, {
      name: "Gina Form",
      email: "gina@test.example",
      password: "gina-password-123",
      oauth_query: oauthQuery,
    });
    expect(created.status).toBeLessThan(400);
    const [entry] = await log({ action: "user.signed_up", target: "gina@test.example" });
    expect(entry?.action_label).toBe("Signed up");
    expect(entry?.target).toMatchObject({ type: "user", name: "Gina Form", email: "gina@test.example" });
    expect(entry?.actor.id).toBe(entry?.target?.id);
  });

  it("JSON sign-in and sign-up are recorded the same way; a refused sign-up records nothing", async () => {
    const script = new BrowserAgent(TEST_WEB_URL);
    expect(
      (await script.fetchJson(`${server.url}/api/auth/sign-up/email`, "POST", { name: "Hal", email: "hal@test.example", password: "hal-password-123" })).status,
    ).toBe(200);
    expect(
      (await script.fetchJson(`${server.url}/api/auth/sign-up/email`, "POST", { name: "Hal", email: "hal@test.example", password: "hal-password-456" })).status,
    ).toBe(422);
    expect((await script.fetchJson(`${server.url}/api/auth/sign-in/email`, "POST", { email: "hal@test.example", password: "hal-password-123" })).status).toBe(
      200,
    );
    const entries = await log({ actor: "hal@test.example" });
    expect(entries.map((entry) => entry.action)).toEqual(["sign_in.succeeded", "user.signed_up"]);
  });

  it("admin actions name the admin and the client by name, with ids beside them", async () => {
    const [created] = await log({ action: "oauth_client.created", target: client.client_id });
    expect(created?.action_label).toBe("Created a client");
    expect(created?.actor).toMatchObject({ type: "user", email: TEST_ADMIN.email });
    expect(created?.target).toMatchObject({ type: "oauth_client", id: client.client_id, name: "Audited App" });
  });

  it("the dashboard's recent sign-ins come from the log: a banned person's sign-in stays, addresses read ::1 or 127.0.0.1", async () => {
    const ivy = await signUp(server, "ivy@test.example", "ivy-password-123", "Ivy Banned");
    const ivyId = (JSON.parse((await ivy.fetchJson(`${server.url}/api/auth/get-session`, "GET")).body) as { user: { id: string } }).user.id;
    expect((await ivy.fetchJson(`${server.url}/api/auth/sign-in/email`, "POST", { email: "ivy@test.example", password: "ivy-password-123" })).status).toBe(200);
    expect((await admin.fetchJson(`${server.url}/api/auth/admin/ban-user`, "POST", { userId: ivyId })).status).toBe(200);
    const response = await admin.fetchJson(`${server.url}/api/admin/dashboard`, "GET");
    const dashboard = JSON.parse(response.body) as Dashboard;
    const ivys = dashboard.recent_sign_ins.filter((row) => row.user_id === ivyId);
    expect(ivys.length).toBeGreaterThanOrEqual(1);
    expect(ivys.every((row) => row.banned)).toBe(true);
    for (const row of dashboard.recent_sign_ins) expect(row.ip_address).toMatch(/^(::1|127\.0\.0\.1)$/);
  });
});
