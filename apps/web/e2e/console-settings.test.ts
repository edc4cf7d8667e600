import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_ADMIN } from "@iam/testing";
import { BUILD_AND_START_TIMEOUT_MS, buildAuthorization, createUser, pathOf, saveScreenshot, startEndUserFixture, submitLogin } from "./support/index.ts";
import type { CallbackServer, E2eClient, E2eStack, EndUserFixture } from "./support/index.ts";

const ERIN = { email: "erin@acme.example", password: "erin-password-123", name: "Erin Acme" };
const FRANK = { email: "frank@globex.example", password: "frank-password-123", name: "Frank Globex" };

/**
 * A newcomer administrator in Chromium: sets the product's name, colour, support contact and a
 * closed sign-up in the settings page, and sees them on the end-user pages; finds Erin by
 * "erin" and by her domain, reads her sessions' addresses as people write them, sets her
 * organization, and reads the audit log in plain words.
 */
describe("console settings, branding and newcomer items in Chromium", () => {
  let fixture: EndUserFixture;
  let stack: E2eStack;
  let rp: CallbackServer;
  let client: E2eClient;
  let admin: Page;

  beforeAll(async () => {
    fixture = await startEndUserFixture(ERIN);
    ({ stack, rp, client } = fixture);
    await createUser(stack, FRANK.email, FRANK.password, FRANK.name);
    admin = await (await stack.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    admin.setDefaultTimeout(20_000);
    await admin.goto(`${stack.web.url}/settings`);
    await admin.waitForURL((url) => url.pathname === "/sign-in");
    // The console's sign-in says whom it is for.
    await admin.getByText("The admin console is for administrators.", { exact: false }).waitFor();
    await submitLogin(admin, TEST_ADMIN.email, TEST_ADMIN.password);
    await admin.waitForURL((url) => url.pathname === "/settings");
  }, BUILD_AND_START_TIMEOUT_MS);
  afterAll(() => fixture?.close());

  it("saves branding, support contact and a closed sign-up; the login page follows", async () => {
    await admin.getByLabel("Product name").fill("Acme Login");
    await admin.getByLabel("Accent colour").fill("#0f766e");
    await admin.getByLabel("Support email").fill("help@acme.example");
    await admin.getByLabel("Who may create an account").selectOption("closed");
    await admin.getByRole("button", { name: "Save settings" }).click();
    await admin.getByText("Settings saved.", { exact: false }).waitFor();
    await saveScreenshot(admin, "console-settings");

    const person = await (await stack.newContext()).newPage();
    const attempt = await buildAuthorization(client, rp, { prompt: "create" });
    await person.goto(attempt.url);
    await person.waitForURL((url) => url.pathname === "/oauth-login");
    expect(await person.getByTestId("product-brand").textContent()).toContain("Acme Login");
    await person.getByTestId("sign-up-closed").waitFor();
    expect(await person.getByTestId("sign-up-closed").textContent()).toContain("Sign-up is closed");
    expect(await person.getByTestId("support-contact").textContent()).toContain("help@acme.example");
    expect(await person.getByLabel("Name").count()).toBe(0);
    expect(await person.getByTestId("sign-up-policy").textContent()).toContain("Sign-up is closed");
    // The accent colour repaints the buttons.
    const color = await person.getByRole("button", { name: "Sign in", exact: true }).evaluate((button) => getComputedStyle(button).backgroundColor);
    expect(color).toBe("rgb(15, 118, 110)");
    await saveScreenshot(person, "login-sign-up-closed");

    // The error page names the support contact too.
    await person.goto(`${stack.web.url}/error?error=invalid_request`);
    expect(await person.getByTestId("support-contact").textContent()).toContain("help@acme.example");
    await person.context().close();

    // A suspended person is told to ask the support contact set here, not only the deployment's.
    const banned = await admin.evaluate(
      async ([api, email]) => {
        const search = new URLSearchParams({ searchField: "email", searchValue: String(email) });
        const list = (await (await fetch(`${api}/api/auth/admin/list-users?${search}`, { credentials: "include" })).json()) as { users: { id: string }[] };
        const response = await fetch(`${api}/api/auth/admin/ban-user`, {
          method: "POST",
          credentials: "include",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ userId: list.users[0]?.id }),
        });
        return response.status;
      },
      [stack.api.url, FRANK.email],
    );
    expect(banned).toBe(200);
    const suspended = await (await stack.newContext()).newPage();
    await suspended.goto((await buildAuthorization(client, rp)).url);
    await submitLogin(suspended, FRANK.email, FRANK.password);
    await suspended.getByText("Your account is suspended", { exact: false }).waitFor();
    expect(await suspended.getByTestId("login-form").textContent()).toContain("contact help@acme.example");
    await suspended.context().close();
  });

  it("finds Erin by 'erin' and by her domain, shows her session's address compressed, and sets her organization", async () => {
    // Erin signs in once (IPv6 loopback or IPv4, whichever localhost resolves to).
    const person = await (await stack.newContext()).newPage();
    const attempt = await buildAuthorization(client, rp);
    await person.goto(attempt.url);
    await submitLogin(person, ERIN.email, ERIN.password);
    await person.context().close();

    await admin.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Users", exact: true }).click();
    await admin.waitForURL((url) => url.pathname === "/users");
    for (const search of ["erin", "ACME.example"]) {
      await admin.getByLabel("Search").fill(search);
      await admin.getByRole("link", { name: /Erin Acme/ }).waitFor();
    }
    await admin.getByRole("link", { name: /Erin Acme/ }).click();
    await admin.waitForURL((url) => url.pathname.startsWith("/users/"));
    const sessions = admin.getByRole("table", { name: /sessions/i });
    await sessions
      .getByText(/^(::1|127\.0\.0\.1)$/)
      .first()
      .waitFor();
    expect(await sessions.textContent()).not.toContain("0000:0000");

    await admin.getByLabel("Organization id").fill("org-acme");
    await admin.getByRole("button", { name: "Save organization" }).click();
    await admin.getByText("Organization saved.").waitFor();
    await admin.reload();
    expect(await admin.getByLabel("Organization id").inputValue()).toBe("org-acme");
  });

  it("shows the audit log in plain words with people named, filterable by email", async () => {
    await admin.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Audit log", exact: true }).click();
    await admin.waitForURL((url) => url.pathname === "/audit-log");
    await admin.getByLabel(/^Actor/).fill(ERIN.email);
    await admin.getByRole("button", { name: "Filter" }).click();
    const table = admin.getByRole("table", { name: "Audit log entries" });
    await table.getByText("Signed in", { exact: true }).first().waitFor();
    expect(await table.textContent()).toContain(ERIN.name);
    expect(await table.textContent()).not.toContain("sign_in.succeeded");
    await saveScreenshot(admin, "console-audit-log");
    expect(pathOf(admin)).toBe("/audit-log");
  });
});
