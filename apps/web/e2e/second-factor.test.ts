import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds, totpCode } from "@iam/testing";
import {
  answerConsent,
  BUILD_AND_START_TIMEOUT_MS,
  buildAuthorization,
  pathOf,
  redeem,
  saveScreenshot,
  startEndUserFixture,
  submitLogin,
} from "./support/index.ts";
import type { CallbackServer, E2eClient, E2eStack, EndUserFixture } from "./support/index.ts";

const PAT = { email: "pat@example.com", password: "pat-password-1234", name: "Pat Example" };

/**
 * A person enrolls an authenticator app on /account/security (the test reads the key off the page
 * and computes codes from it, as the app would), then signs in to a relying party through
 * password + code with JavaScript off, and once more with a backup code.
 */
describe.each(testDatabaseKinds())("second factor in Chromium on $label", (kind) => {
  let fixture: EndUserFixture;
  let stack: E2eStack;
  let rp: CallbackServer;
  let client: E2eClient;
  let key = "";
  let backupCodes: string[] = [];

  beforeAll(async () => {
    fixture = await startEndUserFixture(PAT, { database: kind });
    ({ stack, rp, client } = fixture);
  }, BUILD_AND_START_TIMEOUT_MS);
  afterAll(() => fixture?.close());

  async function fillCode(page: Page, label: string, code: string) {
    await page.getByLabel(label).fill(code);
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Verify" }).click()]);
  }

  it("enrolls TOTP on /account/security: QR code and key, active only after a first code, backup codes shown once", async () => {
    const page = await (await stack.newContext()).newPage();
    await page.goto(`${stack.web.url}/account/security`);
    // Signed out: sent to sign in, then back here.
    await page.waitForURL((url) => url.pathname === "/sign-in");
    await page.getByLabel("Email").fill(PAT.email);
    await page.getByLabel("Password").fill(PAT.password);
    await Promise.all([page.waitForURL((url) => url.pathname === "/account/security"), page.getByRole("button", { name: "Sign in", exact: true }).click()]);

    const section = page.getByTestId("totp-section");
    await section.getByText("Off", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Set up authenticator app" }).click();
    await page.getByLabel("Current password").fill(PAT.password);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByTestId("totp-qr").waitFor();
    key = ((await page.getByTestId("totp-key").textContent()) ?? "").trim();
    expect(key).toMatch(/^[A-Z2-7]{16,}$/);
    await saveScreenshot(page, "totp-enroll");

    // A wrong first code does not turn it on.
    const wrong = String((Number(totpCode(key)) + 1) % 1_000_000).padStart(6, "0");
    await page.getByLabel("Code from the app").fill(wrong);
    await page.getByRole("button", { name: "Turn on" }).click();
    await page.getByText("That code isn't right", { exact: false }).waitFor();
    await section.getByText("Off", { exact: true }).waitFor();

    await page.getByLabel("Code from the app").fill(totpCode(key));
    await page.getByRole("button", { name: "Turn on" }).click();
    await page.getByText("Your authenticator app is on.").waitFor();
    backupCodes = await page.getByTestId("backup-codes").locator("li").allTextContents();
    expect(backupCodes).toHaveLength(10);
    await saveScreenshot(page, "totp-backup-codes");
    await page.getByRole("button", { name: "Done" }).click();
    await section.getByText("On", { exact: true }).waitFor();
    // Shown once: the page no longer has them.
    await expect(page.getByTestId("backup-codes").count()).resolves.toBe(0);
  });

  it("password then the code (JavaScript off) then consent, back to the relying party with its code", async () => {
    expect(key).not.toBe("");
    const page = await (await stack.newContext({ javaScriptEnabled: false })).newPage();
    const attempt = await buildAuthorization(client, rp, { prompt: "consent" });
    await page.goto(attempt.url);
    await submitLogin(page, PAT.email, PAT.password);
    expect(pathOf(page)).toBe("/two-factor");

    await fillCode(page, "Authentication code", "000000" === totpCode(key) ? "111111" : "000000");
    expect(pathOf(page)).toBe("/two-factor");
    await page.getByText("That code isn't right", { exact: false }).waitFor();
    await saveScreenshot(page, "two-factor-wrong-code");

    await fillCode(page, "Authentication code", totpCode(key));
    expect(pathOf(page)).toBe("/consent");
    const landed = rp.next();
    await answerConsent(page, "Allow");
    const callback = await landed;
    const claims = (await redeem(client, attempt, callback)).claims()!;
    expect(claims.email).toBe(PAT.email);
    // RFC 8176 methods and the multi-factor acr, signed in the ID token the relying party verified.
    expect(claims.amr).toEqual(expect.arrayContaining(["pwd", "otp", "mfa"]));
    expect(claims.acr).toBe("urn:iam:acr:mfa");
    expect(typeof claims.auth_time).toBe("number");
  });

  it("a backup code instead of the app, chosen on the page without JavaScript; the same code is refused the next time", async () => {
    const page = await (await stack.newContext({ javaScriptEnabled: false })).newPage();
    const attempt = await buildAuthorization(client, rp);
    await page.goto(attempt.url);
    await submitLogin(page, PAT.email, PAT.password);
    await Promise.all([page.waitForNavigation(), page.getByRole("link", { name: "Use a backup code" }).click()]);
    const landed = rp.next();
    await fillCode(page, "Backup code", backupCodes[0]!);
    const callback = await landed;
    await redeem(client, attempt, callback);

    const again = await (await stack.newContext({ javaScriptEnabled: false })).newPage();
    await again.goto((await buildAuthorization(client, rp)).url);
    await submitLogin(again, PAT.email, PAT.password);
    await Promise.all([again.waitForNavigation(), again.getByRole("link", { name: "Use a backup code" }).click()]);
    await fillCode(again, "Backup code", backupCodes[0]!);
    expect(pathOf(again)).toBe("/two-factor");
    expect(new URL(again.url()).searchParams.get("error")).toBe("invalid_code");
  });
});
