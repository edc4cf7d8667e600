import * as oidc from "openid-client";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BrowserAgent, TEST_ADMIN, testDatabaseKinds } from "@iam/testing";
import {
  answerConsent,
  BUILD_AND_START_TIMEOUT_MS,
  buildAuthorization,
  consoleAgent,
  pathOf,
  redeem,
  saveScreenshot,
  startEndUserFixture,
  submitLogin,
} from "./support/index.ts";
import type { CallbackServer, E2eClient, E2eStack, EndUserFixture } from "./support/index.ts";

const CAROL = { email: "carol@example.com", password: "carol-password-123", name: "Carol Example" };
const NEW_PASSWORD = "carol-new-password-456";

/**
 * A person's own account page, driven in Chromium with JavaScript off (every change is a plain
 * form): sign-in and back, sessions (one ended elsewhere stops working), an application withdrawn
 * (its refresh token is refused at the token endpoint), password and name changes, the email
 * change answered gracefully, and each change in the audit log.
 */
describe.each(testDatabaseKinds())("account page in Chromium on $label", (kind) => {
  let fixture: EndUserFixture;
  let stack: E2eStack;
  let rp: CallbackServer;
  let client: E2eClient;
  let page: Page;
  let password = CAROL.password;

  beforeAll(async () => {
    fixture = await startEndUserFixture(CAROL, { database: kind });
    ({ stack, rp, client } = fixture);
    page = await (await stack.newContext({ javaScriptEnabled: false })).newPage();
    page.setDefaultTimeout(20_000);
  }, BUILD_AND_START_TIMEOUT_MS);
  afterAll(() => fixture?.close());

  /** Another device: an HTTP client holding its own session cookie. */
  async function otherDevice(): Promise<BrowserAgent> {
    const agent = consoleAgent(stack);
    const signedIn = await agent.fetchJson(`${stack.api.url}/api/auth/sign-in/email`, "POST", { email: CAROL.email, password });
    expect(signedIn.status).toBe(200);
    return agent;
  }

  async function sessionOf(agent: BrowserAgent): Promise<unknown> {
    const response = await agent.fetchJson(`${stack.api.url}/api/auth/get-session`, "GET");
    expect(response.status).toBe(200);
    return JSON.parse(response.body);
  }

  async function auditEntries(
    action: string,
  ): Promise<{ actor_email: string | null; target_id: string | null; ip_address: string | null; details: unknown }[]> {
    const admin = consoleAgent(stack);
    await admin.fetchJson(`${stack.api.url}/api/auth/sign-in/email`, "POST", TEST_ADMIN);
    const response = await admin.fetchJson(`${stack.api.url}/api/admin/audit-log?action=${action}&actor=${encodeURIComponent(CAROL.email)}`, "GET");
    expect(response.status).toBe(200);
    return (JSON.parse(response.body) as { entries: [] }).entries;
  }

  async function submit(button: string, scope?: Page | ReturnType<Page["locator"]>) {
    const where = scope ?? page;
    await Promise.all([page.waitForNavigation(), where.getByRole("button", { name: button, exact: true }).click()]);
  }

  const notice = () => page.getByTestId("account-notice").textContent();
  const error = () => page.getByTestId("account-error").textContent();

  it("sends a signed-out visitor to sign-in and back to the account page", async () => {
    await page.goto(`${stack.web.url}/`);
    expect(pathOf(page)).toBe("/sign-in");
    await page.goto(`${stack.web.url}/account`);
    expect(pathOf(page)).toBe("/sign-in");
    expect(new URL(page.url()).searchParams.get("callbackURL")).toBe("/account");
    await submitLogin(page, CAROL.email, CAROL.password);
    expect(pathOf(page)).toBe("/account");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Your account");
    expect(await page.getByLabel("Name").inputValue()).toBe(CAROL.name);
    // A person without the admin role who signs in with no destination lands here too.
    await page.goto(`${stack.web.url}/`);
    expect(pathOf(page)).toBe("/account");
  });

  it("ends every other session at once", async () => {
    const laptop = await otherDevice();
    const tablet = await otherDevice();
    await page.goto(`${stack.web.url}/account`);
    // These two and the one sign-up opened, besides this one.
    expect(await page.getByTestId("session-list").locator("li").count()).toBe(4);
    await submit("Sign out all other sessions");
    expect(await notice()).toBe("Every other session is signed out.");
    expect(await sessionOf(laptop)).toBeNull();
    expect(await sessionOf(tablet)).toBeNull();
    expect(await page.getByTestId("session-list").locator("li").count()).toBe(1);
  });

  it("lists sessions with device and address as the audit log writes it, and ends another one", async () => {
    const phone = await otherDevice();
    await page.goto(`${stack.web.url}/account`);
    const rows = page.getByTestId("session-list").locator("li");
    expect(await rows.count()).toBe(2);
    const current = page.locator("li[data-current=true]");
    expect(await current.textContent()).toContain("this device");
    expect(await current.textContent()).toContain("Chrome");
    // Each session's address is one the audit log recorded for these sign-ins (`::1` or 127.0.0.1 here).
    const recorded = new Set((await auditEntries("sign_in.succeeded")).map((entry) => entry.ip_address));
    const shown = (await page.getByTestId("session-address").allTextContents()).map((text) => text.replace(/ · $/, ""));
    expect(shown).toHaveLength(2);
    for (const address of shown) expect(recorded).toContain(address);
    expect(shown.join(" ")).not.toContain("0000");
    await saveScreenshot(page, `account-sessions-${kind.label}`);

    const other = page.locator("li:not([data-current])", { has: page.getByRole("button", { name: "Sign out this session" }) });
    await submit("Sign out this session", other);
    expect(await notice()).toBe("That session is signed out.");
    expect(await page.getByTestId("session-list").locator("li").count()).toBe(1);
    expect(await sessionOf(phone)).toBeNull();
    expect((await auditEntries("session.revoked")).length).toBe(1);
  });

  it("withdraws an application: its refresh token is refused at the token endpoint afterwards", async () => {
    const attempt = await buildAuthorization(client, rp, { scope: "openid profile email offline_access", prompt: "consent" });
    await page.goto(attempt.url);
    expect(pathOf(page)).toBe("/consent");
    expect(await page.getByRole("link", { name: "your account page" }).getAttribute("href")).toBe(`${stack.web.url}/account#applications`);
    const landed = rp.next();
    await answerConsent(page, "Allow");
    const tokens = await redeem(client, attempt, await landed);
    expect(tokens.refresh_token).toBeTruthy();
    const refreshed = await oidc.refreshTokenGrant(client.config, tokens.refresh_token!);
    expect(refreshed.access_token).toBeTruthy();

    await page.goto(`${stack.web.url}/account`);
    const application = page.locator(`li[data-client-id="${client.clientId}"]`);
    expect(await application.textContent()).toContain("Acme Notes");
    // The consent page's own words for each scope.
    expect(await application.locator("li[data-scope=offline_access]").textContent()).toContain("Stay connected");
    expect(await application.locator("li[data-scope=email]").textContent()).toContain("Your email address");
    await saveScreenshot(page, `account-applications-${kind.label}`);

    await submit("Withdraw access of Acme Notes");
    expect(await notice()).toContain("access is withdrawn");
    expect(await page.locator(`li[data-client-id="${client.clientId}"]`).count()).toBe(0);
    const refused = await oidc.refreshTokenGrant(client.config, refreshed.refresh_token!).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(refused).toBeInstanceOf(oidc.ResponseBodyError);
    expect((refused as oidc.ResponseBodyError).error).toBe("invalid_grant");
    expect((await auditEntries("consent.revoked")).length).toBe(1);
  });

  it("refuses a password change with the wrong current password, with a clear message", async () => {
    const other = await otherDevice();
    await page.goto(`${stack.web.url}/account`);
    await page.getByLabel("Current password").fill("not-the-password");
    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("Repeat new password").fill(NEW_PASSWORD);
    await submit("Change password");
    expect(await error()).toBe("Your current password is not right, so nothing was changed.");
    expect(await sessionOf(other)).not.toBeNull();
    expect((await auditEntries("user.password_changed")).length).toBe(0);
    // The old password still signs in.
    await otherDevice();
  });

  it("changes the password with the current one and signs every other session out", async () => {
    const other = await otherDevice();
    await page.goto(`${stack.web.url}/account`);
    await page.getByLabel("Current password").fill(CAROL.password);
    await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel("Repeat new password").fill(NEW_PASSWORD);
    await submit("Change password");
    expect(await notice()).toBe("Your password is changed. Every other session has been signed out.");
    expect(await sessionOf(other)).toBeNull();
    expect(await page.getByTestId("session-list").locator("li").count()).toBe(1);
    password = NEW_PASSWORD;
    await otherDevice();
    const old = await consoleAgent(stack).fetchJson(`${stack.api.url}/api/auth/sign-in/email`, "POST", { email: CAROL.email, password: CAROL.password });
    expect(old.status).toBe(401);
    const [changed] = await auditEntries("user.password_changed");
    expect(changed?.details).toEqual({ other_sessions_revoked: true });
    expect(JSON.stringify(changed)).not.toContain(NEW_PASSWORD);
  });

  it("changes the name", async () => {
    await page.goto(`${stack.web.url}/account`);
    await page.getByLabel("Name").fill("Carol Renamed");
    await submit("Save name");
    expect(await notice()).toBe("Your name is saved.");
    expect(await page.getByLabel("Name").inputValue()).toBe("Carol Renamed");
    const session = (await sessionOf(await otherDevice())) as { user: { name: string } };
    expect(session.user.name).toBe("Carol Renamed");
    const [updated] = await auditEntries("user.profile_updated");
    expect(updated?.details).toEqual({ fields: ["name"] });
  });

  it("answers an email change with the verification notice or a plain refusal, never changing the address at once", async () => {
    await page.goto(`${stack.web.url}/account`);
    await page.getByLabel("New email address").fill("carol.new@example.com");
    await submit("Change email");
    expect(pathOf(page)).toBe("/account");
    // Without the server's mail side configured Better Auth refuses the change; with it, a link goes out.
    const said = (await page.getByTestId("account-notice").count()) > 0 ? await notice() : await error();
    expect([
      "We sent a link to the new address; your email changes when you confirm it.",
      "Changing your email address is not available on this server yet. Ask an administrator.",
    ]).toContain(said);
    expect(await page.getByTestId("current-email").textContent()).toBe(CAROL.email);
  });

  it("sends the person back to sign-in when a form is posted without a session", async () => {
    const stranger = new BrowserAgent(stack.web.url);
    const response = await stranger.submitForm(`${stack.api.url}/api/auth/update-user`, { name: "Mallory" });
    expect(response.status).toBe(303);
    expect(response.location).toBe(`${stack.web.url}/sign-in?callbackURL=%2Faccount`);
  });

  it("shows admins whether the email is verified and the last sign-in; the console header leads to the admin's own account", async () => {
    const admin = await (await stack.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    admin.setDefaultTimeout(20_000);
    await admin.goto(`${stack.web.url}/users`);
    await admin.waitForURL((url) => url.pathname === "/sign-in");
    await submitLogin(admin, TEST_ADMIN.email, TEST_ADMIN.password);
    await admin.waitForURL((url) => url.pathname === "/users");
    const row = admin.getByRole("row").filter({ hasText: CAROL.email });
    await row.getByText("not verified").waitFor();
    // Carol signed in above: a date, not "never" (the audit log's last sign_in.succeeded), once loaded.
    // Found by its header, so a column added to the list does not move what is read here.
    const column = (await admin.getByRole("columnheader").allTextContents()).findIndex((header) => header.trim() === "Last sign-in");
    expect(column).toBeGreaterThan(0);
    const lastSignIn = row.locator("td").nth(column);
    await lastSignIn.filter({ hasText: /\d{4}/ }).waitFor();
    expect(await lastSignIn.textContent()).not.toContain("never");
    await saveScreenshot(admin, `console-users-verified-${kind.label}`);
    await Promise.all([admin.waitForURL((url) => url.pathname === "/account"), admin.getByRole("link", { name: "My account" }).click()]);
    expect(await admin.getByTestId("current-email").textContent()).toBe(TEST_ADMIN.email);
    await admin.context().close();
  });
});
