import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_ADMIN, testDatabaseKinds, totpCode } from "@iam/testing";
import type { BrowserAgent } from "@iam/testing";
import {
  addVirtualAuthenticator,
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

const RIO = { email: "rio@example.com", password: "rio-password-1234", name: "Rio Example" };

/**
 * The second-factor policy in Chromium: a client that requires a second factor makes a person
 * without one set up an authenticator app in the middle of the authorization (the test reads the
 * key off the page and computes codes, as the app would) and then reach the relying party; the
 * "administrators" setting leads an admin signed in with the password alone through enrollment;
 * the console resets a person's factor behind a confirmation, audited; and the person then sets up
 * a passkey instead, in the middle of the next authorization (Chromium's virtual authenticator).
 */
describe.each(testDatabaseKinds())("second-factor policy in Chromium on $label", (kind) => {
  let fixture: EndUserFixture;
  let stack: E2eStack;
  let rp: CallbackServer;
  let client: E2eClient;
  let admin: BrowserAgent;
  let consolePage: Page;
  let rioPage: Page;

  beforeAll(async () => {
    fixture = await startEndUserFixture(RIO, { database: kind, client: { skip_consent: true, require_second_factor: true } });
    ({ stack, rp, client } = fixture);
    admin = consoleAgent(stack);
    const signedIn = await admin.fetchJson(`${stack.api.url}/api/auth/sign-in/email`, "POST", TEST_ADMIN);
    expect(signedIn.status).toBe(200);
  }, BUILD_AND_START_TIMEOUT_MS);
  afterAll(() => fixture?.close());

  /** The enrollment page: password, key read off the page, a first code, backup codes shown once; returns the key. */
  async function enroll(page: Page, password: string, screenshot: string): Promise<string> {
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByTestId("totp-qr").waitFor();
    const key = ((await page.getByTestId("totp-key").textContent()) ?? "").trim();
    expect(key).toMatch(/^[A-Z2-7]{16,}$/);
    await saveScreenshot(page, `${screenshot}-scan`);
    await page.getByLabel("Code from the app").fill(totpCode(key));
    await page.getByRole("button", { name: "Turn on and continue" }).click();
    await page.getByText("Your authenticator app is on.").waitFor();
    expect(await page.getByTestId("backup-codes").locator("li").count()).toBe(10);
    await saveScreenshot(page, `${screenshot}-codes`);
    return key;
  }

  it("a client that requires a second factor: a person without one enrolls during the authorization, then reaches the relying party with mfa", async () => {
    const page = await (await stack.newContext()).newPage();
    rioPage = page;
    const attempt = await buildAuthorization(client, rp);
    await page.goto(attempt.url);
    await submitLogin(page, RIO.email, RIO.password);
    expect(pathOf(page)).toBe("/enroll-second-factor");
    // The application the person is signing in to is named on the page.
    await page.getByText("Acme Notes").first().waitFor();
    await enroll(page, RIO.password, "factor-policy-enroll");
    const landed = rp.next();
    await page.getByTestId("enroll-continue").click();
    const callback = await landed;
    const claims = (await redeem(client, attempt, callback)).claims()!;
    expect(claims.email).toBe(RIO.email);
    expect(claims.amr).toEqual(expect.arrayContaining(["pwd", "otp", "mfa"]));
    expect(claims.acr).toBe("urn:iam:acr:mfa");

    const listed = await admin.fetchJson(`${stack.api.url}/api/admin/second-factors`, "GET");
    const people = (JSON.parse(listed.body) as { people: { email: string; totp: boolean }[] }).people;
    expect(people.find((person) => person.email === RIO.email)?.totp).toBe(true);
  });

  it("second factor required for administrators: an admin signed in with the password alone is led through enrollment, then back to the console page", async () => {
    // Signed in before the switch, with the password alone.
    consolePage = await (await stack.newContext()).newPage();
    await consolePage.goto(`${stack.web.url}/users`);
    await consolePage.waitForURL((url) => url.pathname === "/sign-in");
    await submitLogin(consolePage, TEST_ADMIN.email, TEST_ADMIN.password);
    await consolePage.waitForURL((url) => url.pathname === "/users");
    const current = JSON.parse((await admin.fetchJson(`${stack.api.url}/api/admin/settings`, "GET")).body) as Record<string, unknown>;
    const { sign_up_effective: _effective, sign_up_default: _default, updated_at: _updated, ...settings } = current;
    const saved = await admin.fetchJson(`${stack.api.url}/api/admin/settings`, "PUT", { ...settings, second_factor_required_admins: true });
    expect(saved.status).toBe(200);
    // This admin's own session was signed in with the password only: refused from now on.
    const refused = await admin.fetchJson(`${stack.api.url}/api/admin/oauth-clients`, "GET");
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).error).toBe("second_factor_required");

    // Better Auth's own admin endpoints, which the console's user pages call, too.
    expect(JSON.parse((await admin.fetchJson(`${stack.api.url}/api/auth/admin/list-users`, "GET")).body).error).toBe("second_factor_required");

    // The console page the admin has open leads to enrollment at its next call, then back to it.
    // (Waiting only for the commit: the console's script navigates away before the page's load event.)
    await consolePage.reload({ waitUntil: "commit" });
    await consolePage.waitForURL((url) => url.pathname === "/enroll-second-factor");
    expect(new URL(consolePage.url()).searchParams.get("callbackURL")).toBe(`${stack.web.url}/users`);
    await enroll(consolePage, TEST_ADMIN.password, "factor-policy-admin");
    await Promise.all([consolePage.waitForURL((url) => url.pathname === "/users"), consolePage.getByTestId("enroll-continue").click()]);
    // The console works with the multi-factor session, and shows who has which factor.
    const row = consolePage.getByRole("row").filter({ hasText: RIO.email });
    await row.getByText("authenticator app").waitFor();
    await saveScreenshot(consolePage, "factor-policy-users");
  });

  it("the console resets a person's factor behind a confirmation, audited; the person's sessions end", async () => {
    const row = consolePage.getByRole("row").filter({ hasText: RIO.email });
    await Promise.all([consolePage.waitForURL((url) => url.pathname.startsWith("/users/")), row.getByRole("link").first().click()]);
    const panel = consolePage.getByTestId("second-factor-panel");
    await panel.getByText("authenticator app").waitFor();
    await panel.getByRole("button", { name: "Reset second factor" }).click();
    const dialog = consolePage.getByRole("dialog");
    await dialog.getByText("signed out everywhere", { exact: false }).waitFor();
    await saveScreenshot(consolePage, "factor-policy-reset-confirm");
    await dialog.getByRole("button", { name: "Reset second factor" }).click();
    await panel.getByText("none", { exact: true }).waitFor();

    // The admin agent's session is password-only and refused now; ask with the console's cookies.
    const cookieOf = async (page: Page) => (await page.context().cookies(stack.api.url)).map((entry) => `${entry.name}=${entry.value}`).join("; ");
    const headers = { cookie: await cookieOf(consolePage), origin: stack.web.url, accept: "application/json" };
    // Rio's browser, signed in with the factor that is gone, is signed out.
    const rioSession = await fetch(`${stack.api.url}/api/auth/get-session`, { headers: { ...headers, cookie: await cookieOf(rioPage) } });
    expect(await rioSession.json()).toBeNull();
    const listed = (await (await fetch(`${stack.api.url}/api/admin/second-factors`, { headers })).json()) as { people: { email: string }[] };
    expect(listed.people.some((person) => person.email === RIO.email)).toBe(false);
    const audit = (await (await fetch(`${stack.api.url}/api/admin/audit-log?action=second_factor.reset`, { headers })).json()) as {
      entries: { action: string; actor_user_id: string | null; target_id: string | null }[];
    };
    const me = (await (await fetch(`${stack.api.url}/api/auth/get-session`, { headers })).json()) as { user: { id: string } };
    expect(audit.entries).toHaveLength(1);
    expect(audit.entries[0]?.actor_user_id).toBe(me.user.id);
    expect(audit.entries[0]?.target_id).toBe(new URL(consolePage.url()).pathname.split("/").pop());
  });

  it("after the reset, a person sets up a passkey instead during the authorization and reaches the relying party with mfa", async () => {
    const page = await (await stack.newContext()).newPage();
    const { cdp, authenticatorId } = await addVirtualAuthenticator(page);
    const attempt = await buildAuthorization(client, rp);
    await page.goto(attempt.url);
    await submitLogin(page, RIO.email, RIO.password);
    expect(pathOf(page)).toBe("/enroll-second-factor");
    await page.getByRole("button", { name: "Use a passkey instead" }).click();
    await page.getByText("Your passkey is added.", { exact: false }).waitFor();
    expect((await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials).toHaveLength(1);
    await saveScreenshot(page, "factor-policy-enroll-passkey");
    const landed = rp.next();
    await page.getByRole("button", { name: "Continue with your passkey" }).click();
    const claims = (await redeem(client, attempt, await landed)).claims()!;
    expect(claims.email).toBe(RIO.email);
    expect(claims.amr).toEqual(["hwk", "user", "mfa"]);
    expect(claims.acr).toBe("urn:iam:acr:mfa");
  });
});
