import * as oidc from "openid-client";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SmtpInbox, TEST_ADMIN, testDatabaseKinds } from "@iam/testing";
import type { TestDatabase } from "@iam/testing";
import {
  BUILD_AND_START_TIMEOUT_MS,
  buildAuthorization,
  consoleAgent,
  pathOf,
  redeem,
  saveScreenshot,
  startE2eStack,
  startEndUserFixture,
  submitLogin,
} from "./support/index.ts";
import type { CallbackServer, E2eClient, E2eStack, EndUserFixture } from "./support/index.ts";

async function submit(page: Page, button: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: button, exact: true }).click()]);
}

describe.each(testDatabaseKinds())("accounts by mail in Chromium, over a loopback SMTP server ($label)", (kind) => {
  let fixture: EndUserFixture;
  let inbox: SmtpInbox;
  let stack: E2eStack;
  let rp: CallbackServer;
  let client: E2eClient;

  beforeAll(async () => {
    inbox = await SmtpInbox.start();
    fixture = await startEndUserFixture(undefined, {
      database: kind,
      server: { smtpUrl: inbox.url, mailFrom: "IAM <no-reply@test.example>", mailRetry: { pollIntervalMs: 200 } },
      client: { skip_consent: true },
    });
    ({ stack, rp, client } = fixture);
  }, BUILD_AND_START_TIMEOUT_MS);
  afterAll(async () => {
    await fixture?.close();
    await inbox?.stop();
  });

  it("sign-up → check your mail → the link → the relying party gets its code with email_verified true", async () => {
    const page = await (await stack.newContext()).newPage();
    const attempt = await buildAuthorization(client, rp);
    await page.goto(attempt.url);
    await Promise.all([page.waitForNavigation(), page.getByRole("link", { name: "Create an account" }).click()]);
    await page.getByLabel("Name").fill("Sam Signup");
    await page.getByLabel("Email").fill("sam@test.example");
    await page.getByLabel("Password").fill("sam-password-123");
    await submit(page, "Create account and continue");
    expect(pathOf(page)).toBe("/check-email");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Check your mail");
    await saveScreenshot(page, "check-email");

    const mail = await inbox.waitFor("sam@test.example");
    expect(mail.html).toContain("Confirm email address");
    const landed = rp.next();
    await page.goto(mail.linkTo(`${stack.api.url}/api/auth/verify-email?`));
    const tokens = await redeem(client, attempt, await landed);
    expect(tokens.claims()).toMatchObject({ email: "sam@test.example", email_verified: true });
    const userInfo = await oidc.fetchUserInfo(client.config, tokens.access_token, tokens.claims()?.sub ?? "");
    expect(userInfo.email_verified).toBe(true);
  });

  it("forgot password on /oauth-login, JavaScript off: mail → reset page → the relying party gets its code", async () => {
    const admin = consoleAgent(stack);
    await admin.fetchJson(`${stack.api.url}/api/auth/sign-in/email`, "POST", TEST_ADMIN);
    const created = await admin.fetchJson(`${stack.api.url}/api/auth/admin/create-user`, "POST", {
      email: "fern@test.example",
      password: "fern-old-password",
      name: "Fern Forgetful",
      data: { emailVerified: true },
    });
    expect(created.status).toBe(200);

    const page = await (await stack.newContext({ javaScriptEnabled: false })).newPage();
    const attempt = await buildAuthorization(client, rp);
    await page.goto(attempt.url);
    await Promise.all([page.waitForNavigation(), page.getByRole("link", { name: "Forgot password?" }).click()]);
    expect(pathOf(page)).toBe("/forgot-password");
    await page.getByLabel("Email").fill("fern@test.example");
    await submit(page, "Send reset link");
    await expect(page.getByTestId("reset-sent").textContent()).resolves.toContain("If an account exists");
    await saveScreenshot(page, "forgot-password-sent");

    const mail = await inbox.waitFor("fern@test.example");
    await page.goto(mail.linkTo(`${stack.web.url}/reset-password?`));
    expect(pathOf(page)).toBe("/reset-password");
    await page.getByLabel("New password").fill("fern-new-password");
    await saveScreenshot(page, "reset-password");
    const landed = rp.next();
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Save password and continue" }).click()]);
    expect(page.url().startsWith(rp.redirectUri), `${page.url()}\n${await page.content()}`).toBe(true);
    const tokens = await redeem(client, attempt, await landed);
    expect(tokens.claims()?.email).toBe("fern@test.example");

    // The new password signs in; the old one no longer does.
    const second = await (await stack.newContext()).newPage();
    await second.goto((await buildAuthorization(client, rp)).url);
    await submitLogin(second, "fern@test.example", "fern-old-password");
    expect(new URL(second.url()).searchParams.get("error")).toBe("invalid_credentials");
  }, 180_000);

  it("an admin invites from the console; the person sets a password and is signed in", async () => {
    const page = await (await stack.newContext()).newPage();
    await page.goto(`${stack.web.url}/sign-in?callbackURL=${encodeURIComponent("/users")}`);
    await page.getByLabel("Email").fill(TEST_ADMIN.email);
    await page.getByLabel("Password").fill(TEST_ADMIN.password);
    await submit(page, "Sign in");
    await page.waitForURL((url) => url.pathname === "/users");
    const form = page.getByTestId("invite-form");
    await form.getByLabel("Email").fill("ivy@test.example");
    await form.getByRole("button", { name: "Send invitation" }).click();
    await page.getByTestId("invitations").getByRole("cell", { name: "ivy@test.example" }).waitFor();
    await saveScreenshot(page, "invitations");

    const mail = await inbox.waitFor("ivy@test.example");
    const person = await (await stack.newContext()).newPage();
    await person.goto(mail.linkTo(`${stack.web.url}/accept-invitation?`));
    await person.getByLabel("Name").fill("Ivy Invited");
    await person.getByLabel("Password").fill("ivy-password-123");
    await submit(person, "Create my account");
    expect(pathOf(person), await person.content()).toBe("/account");
    const session = await person.context().request.get(`${stack.api.url}/api/auth/get-session`, { headers: { origin: stack.web.url } });
    expect((await session.json()) as unknown).toMatchObject({ user: { email: "ivy@test.example", emailVerified: true } });

    await page.reload();
    // The list loads after the page: wait for the row to say so.
    await page.getByTestId("invitations").getByRole("row").filter({ hasText: "ivy@test.example" }).getByText("accepted").waitFor();
  });

  it("the Mail page shows a delivery that failed while SMTP was down, and its retry", async () => {
    await inbox.stop();
    const admin = consoleAgent(stack);
    await admin.fetchJson(`${stack.api.url}/api/auth/sign-in/email`, "POST", TEST_ADMIN);
    const invited = await admin.fetchJson(`${stack.api.url}/api/admin/invitations`, "POST", { email: "otis@test.example" });
    expect(invited.status).toBe(201);
    const page = await (await stack.newContext()).newPage();
    await page.goto(`${stack.web.url}/sign-in?callbackURL=${encodeURIComponent("/outbox")}`);
    await page.getByLabel("Email").fill(TEST_ADMIN.email);
    await page.getByLabel("Password").fill(TEST_ADMIN.password);
    await submit(page, "Sign in");
    await page.waitForURL((url) => url.pathname === "/outbox");
    const row = page.getByRole("row").filter({ hasText: "otis@test.example" });
    await row.getByText(/ECONNREFUSED|connect/).waitFor({ timeout: 20_000 });
    await expect(row.getByText("pending").isVisible()).resolves.toBe(true);
    await saveScreenshot(page, "mail-delivery-failed");
    await inbox.listen();
    await inbox.waitFor("otis@test.example", () => true, 90_000);
  });
});

describe("the development outbox in Chromium (no SMTP_URL)", () => {
  let database: TestDatabase;
  let stack: E2eStack;

  beforeAll(async () => {
    database = await (testDatabaseKinds()[0] ?? { create: () => Promise.reject(new Error("no database")) }).create();
    stack = await startE2eStack(database.target);
  }, BUILD_AND_START_TIMEOUT_MS);
  afterAll(async () => {
    await stack?.close();
    await database?.dispose();
  });

  it("shows each message with its link to admins", async () => {
    const signUp = await consoleAgent(stack).fetchJson(`${stack.api.url}/api/auth/sign-up/email`, "POST", {
      email: "dev@test.example",
      password: "dev-password-123",
      name: "Dev",
    });
    expect(signUp.status).toBe(200);
    const page = await (await stack.newContext()).newPage();
    await page.goto(`${stack.web.url}/sign-in?callbackURL=${encodeURIComponent("/outbox")}`);
    await page.getByLabel("Email").fill(TEST_ADMIN.email);
    await page.getByLabel("Password").fill(TEST_ADMIN.password);
    await submit(page, "Sign in");
    await page.waitForURL((url) => url.pathname === "/outbox");
    // The title follows the server's mail status, which loads after the page.
    await page.getByRole("heading", { level: 1, name: "Outbox (development)" }).waitFor();
    const row = page.getByRole("row").filter({ hasText: "dev@test.example" });
    await row.getByRole("button", { name: "Confirm your email address for IAM" }).click();
    await expect(page.getByTestId("mail-body").textContent()).resolves.toContain(`${stack.api.url}/api/auth/verify-email?token=`);
    await saveScreenshot(page, "outbox");
  });
});
