import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BrowserAgent,
  discoverClient,
  registerClient,
  RP_REDIRECT_URI,
  runCodeFlow,
  signInAdmin,
  signUp,
  startTestServerOn,
  TEST_WEB_URL,
  testDatabaseKinds,
} from "@iam/testing";
import type { RegisteredClient, TestServer } from "@iam/testing";
import type { Branding, InstanceSettingsInput, InstanceSettingsView } from "@iam/schemas";
import { loadBranding } from "./branding.ts";

const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

const SETTINGS: InstanceSettingsInput = {
  product_name: "Acme Login",
  logo_url: "https://acme.example/logo.svg",
  accent_color: "#0f766e",
  support_email: "help@acme.example",
  support_url: null,
  session_lifetime_seconds: 2 * 3600,
  access_token_lifetime_seconds: 600,
  refresh_token_lifetime_seconds: 86_400,
  sign_up: "open",
  sign_up_allowed_domains: ["acme.example"],
};

describe.each(testDatabaseKinds())("settings and the sign-up policy on $label", (kind) => {
  let server: TestServer;
  let admin: BrowserAgent;
  let client: RegisteredClient;

  beforeAll(async () => {
    // SIGN_UP=invite until an admin saves a policy.
    server = await startTestServerOn(kind, { signUpDefault: "invite" });
    admin = await signInAdmin(server);
    client = await registerClient(server, admin, { skip_consent: true, scope: "openid email offline_access" });
  });
  afterAll(async () => server?.close());

  const put = (body: unknown) =>
    fetch(`${server.url}/api/admin/settings`, {
      method: "PUT",
      headers: { cookie: admin.cookieHeader(), origin: TEST_WEB_URL, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const branding = async () => (await (await fetch(`${server.url}/api/branding`)).json()) as Branding;
  const jsonSignUp = (email: string) =>
    new BrowserAgent(TEST_WEB_URL).fetchJson(`${server.url}/api/auth/sign-up/email`, "POST", { name: "New", email, password: "new-password-123" });

  async function formSignUp(email: string) {
    const browser = new BrowserAgent(TEST_WEB_URL);
    const query = new URLSearchParams({
      response_type: "code",
      client_id: client.client_id,
      redirect_uri: RP_REDIRECT_URI,
      scope: "openid",
      state: "s",
      code_challenge: CHALLENGE,
      code_challenge_method: "S256",
      prompt: "create",
    });
    const oauthQuery = new URL((await browser.navigate(`${server.issuer}/oauth2/authorize?${query}`)).location ?? "").search.slice(1);
    const response = await browser.submitForm(`${server.url}/api/auth/sign-up/email`, {
      name: "Form",
      email,
      password: "form-password-123",
      oauth_query: oauthQuery,
    });
    return new URL(response.location ?? "", TEST_WEB_URL);
  }

  it("starts from SIGN_UP: invite refuses sign-up as JSON and as a form, saying why", async () => {
    expect((await branding()).sign_up).toBe("invite");
    const refused = await jsonSignUp("someone@acme.example");
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({ code: "SIGN_UP_INVITATION_REQUIRED" });
    const back = await formSignUp("someone@acme.example");
    expect(back.pathname).toBe("/oauth-login");
    expect(back.searchParams.get("error")).toBe("invitation_required");
    expect(back.searchParams.get("mode")).toBe("create");
    // Admins still create accounts.
    expect(
      (await admin.fetchJson(`${server.url}/api/auth/admin/create-user`, "POST", { email: "made@acme.example", password: "made-password-123", name: "Made" }))
        .status,
    ).toBe(200);
  });

  it("admins only; bounds and fields are checked", async () => {
    expect((await fetch(`${server.url}/api/admin/settings`)).status).toBe(401);
    const user = await signUp(server, "plain@test.example", "plain-password-123").catch(() => null);
    expect(user).toBeNull(); // invite only: nobody signs up by themselves
    expect((await put({ ...SETTINGS, access_token_lifetime_seconds: 10 })).status).toBe(400);
    expect((await put({ ...SETTINGS, session_lifetime_seconds: 10 * 365 * 86_400 })).status).toBe(400);
    expect((await put({ ...SETTINGS, accent_color: "red" })).status).toBe(400);
    expect((await put({ ...SETTINGS, logo_url: "javascript:alert(1)" })).status).toBe(400);
    expect((await put({ ...SETTINGS, surprise: true })).status).toBe(400);
  });

  it("saved settings reach the branding endpoint, mail's loadBranding, the audit log, and new tokens' lifetimes", async () => {
    const saved = await put(SETTINGS);
    expect(saved.status).toBe(200);
    const view = (await saved.json()) as InstanceSettingsView;
    expect(view).toMatchObject({ product_name: "Acme Login", sign_up_effective: "open", sign_up_default: "invite" });
    expect(await branding()).toMatchObject({
      product_name: "Acme Login",
      logo_url: "https://acme.example/logo.svg",
      accent_color: "#0f766e",
      support_email: "help@acme.example",
      sign_up: "open",
      sign_up_allowed_domains: ["acme.example"],
    });
    expect((await loadBranding(server.database.db)).product_name).toBe("Acme Login");
    const log = JSON.parse((await admin.fetchJson(`${server.url}/api/admin/audit-log?action=settings.updated`, "GET")).body) as {
      entries: { action_label: string }[];
    };
    expect(log.entries[0]?.action_label).toBe("Changed settings");

    const person = await signUp(server, "lifetime@acme.example", "lifetime-password-1");
    const session = JSON.parse((await person.fetchJson(`${server.url}/api/auth/get-session`, "GET")).body) as { session: { expiresAt: string } };
    const sessionSeconds = (Date.parse(session.session.expiresAt) - Date.now()) / 1000;
    expect(sessionSeconds).toBeGreaterThan(2 * 3600 - 120);
    expect(sessionSeconds).toBeLessThanOrEqual(2 * 3600);
    const { tokens } = await runCodeFlow(await discoverClient(server, client), person, "openid email offline_access");
    expect(tokens.expires_in).toBe(600);
  });

  it("open with an allow-list: other domains are refused with a plain reason; closed refuses everyone", async () => {
    const other = await jsonSignUp("someone@elsewhere.example");
    expect(other.status).toBe(403);
    expect(JSON.parse(other.body)).toMatchObject({ code: "SIGN_UP_EMAIL_DOMAIN_NOT_ALLOWED" });
    expect((await formSignUp("someone@elsewhere.example")).searchParams.get("error")).toBe("domain_not_allowed");
    expect((await jsonSignUp("ok@ACME.example")).status).toBe(200);

    expect((await put({ ...SETTINGS, sign_up: "closed" })).status).toBe(200);
    expect((await branding()).sign_up).toBe("closed");
    expect(JSON.parse((await jsonSignUp("late@acme.example")).body)).toMatchObject({ code: "SIGN_UP_CLOSED" });
    expect((await formSignUp("late@acme.example")).searchParams.get("error")).toBe("sign_up_closed");

    // null hands the decision back to SIGN_UP.
    expect(((await (await put({ ...SETTINGS, sign_up: null })).json()) as InstanceSettingsView).sign_up_effective).toBe("invite");
  });
});
