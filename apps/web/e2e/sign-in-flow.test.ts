import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerConsent, buildAuthorization, pathOf, redeem, saveScreenshot, startEndUserFixture, submitLogin } from "./support/index.ts";
import type { CallbackServer, E2eClient, E2eStack, EndUserFixture } from "./support/index.ts";
import { BUILD_AND_START_TIMEOUT_MS } from "./support/index.ts";

const ALICE = { email: "alice@example.com", password: "correct-horse-battery", name: "Alice Example" };

describe("end-user sign-in in Chromium: login, consent, tokens", () => {
  let stack: E2eStack;
  let rp: CallbackServer;
  let client: E2eClient;
  let fixture: EndUserFixture | undefined;

  beforeAll(async () => {
    fixture = await startEndUserFixture(ALICE);
    ({ stack, rp, client } = fixture);
  }, BUILD_AND_START_TIMEOUT_MS);
  afterAll(async () => {
    await fixture?.close();
  });

  it("login then consent then tokens with profile, email and organization claims", async () => {
    const page = await (await stack.newContext()).newPage();
    const attempt = await buildAuthorization(client, rp, { scope: "openid profile email organization offline_access", prompt: "consent" });
    await page.goto(attempt.url);
    expect(page.url().startsWith(`${stack.web.url}/oauth-login?`)).toBe(true);
    await expect(page.getByTestId("client-name").textContent()).resolves.toBe("Acme Notes");
    expect(await page.getByRole("link", { name: "Privacy policy" }).getAttribute("href")).toBe(`${rp.origin}/privacy`);
    await saveScreenshot(page, "login-page");
    await submitLogin(page, ALICE.email, ALICE.password, "login-filled");

    expect(pathOf(page)).toBe("/consent");
    const scopes = await page
      .getByTestId("scope-list")
      .locator("li")
      .evaluateAll((items) => items.map((item) => item.getAttribute("data-scope")));
    expect(scopes).toEqual(["openid", "profile", "email", "organization", "offline_access"]);
    await expect(page.getByText("Your email address", { exact: true }).isVisible()).resolves.toBe(true);
    await saveScreenshot(page, "consent-page");

    const landed = rp.next();
    await answerConsent(page, "Allow");
    const callback = await landed;
    expect(callback.searchParams.get("iss")).toBe(stack.api.issuer);
    await saveScreenshot(page, "callback-with-code");
    const tokens = await redeem(client, attempt, callback);
    const claims = tokens.claims();
    expect(claims).toMatchObject({ email: ALICE.email, email_verified: false, name: ALICE.name, role: "user" });
    expect(claims?.organizationId).toBe(claims?.sub);
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.scope?.split(" ").sort()).toEqual(["email", "offline_access", "openid", "organization", "profile"]);
    const userInfo = await oidc.fetchUserInfo(client.config, tokens.access_token, claims!.sub);
    expect(userInfo).toMatchObject({ email: ALICE.email, name: ALICE.name, organizationId: claims!.sub, role: "user" });
  });

  it("deny sends the person back with error=access_denied and the original state", async () => {
    const page = await (await stack.newContext()).newPage();
    const attempt = await buildAuthorization(client, rp, { prompt: "consent" });
    await page.goto(attempt.url);
    await submitLogin(page, ALICE.email, ALICE.password);
    expect(pathOf(page)).toBe("/consent");
    const landed = rp.next();
    await answerConsent(page, "Deny");
    const callback = await landed;
    expect(callback.searchParams.get("error")).toBe("access_denied");
    expect(callback.searchParams.get("state")).toBe(attempt.state);
    expect(callback.searchParams.get("iss")).toBe(stack.api.issuer);
    expect(callback.searchParams.has("code")).toBe(false);
    await saveScreenshot(page, "callback-denied");
  });

  it("a wrong password shows a message on the login page and the flow still completes", async () => {
    const page = await (await stack.newContext()).newPage();
    const attempt = await buildAuthorization(client, rp, { prompt: "consent" });
    await page.goto(attempt.url);
    await submitLogin(page, ALICE.email, "not-the-password");
    expect(pathOf(page)).toBe("/oauth-login");
    expect(new URL(page.url()).searchParams.get("error")).toBe("invalid_credentials");
    expect(page.url()).not.toContain("not-the-password");
    await expect(page.getByTestId("login-form").getByRole("alert").textContent()).resolves.toContain("don't match");
    await saveScreenshot(page, "login-wrong-password");

    await submitLogin(page, ALICE.email, ALICE.password);
    expect(pathOf(page)).toBe("/consent");
    const landed = rp.next();
    await answerConsent(page, "Allow");
    const tokens = await redeem(client, attempt, await landed);
    expect(tokens.claims()?.email).toBe(ALICE.email);
  });

  it("the login and consent forms work with JavaScript disabled", async () => {
    const page = await (await stack.newContext({ javaScriptEnabled: false })).newPage();
    const attempt = await buildAuthorization(client, rp, { prompt: "consent" });
    await page.goto(attempt.url);
    expect(pathOf(page)).toBe("/oauth-login");
    await submitLogin(page, ALICE.email, ALICE.password);
    expect(pathOf(page)).toBe("/consent");
    await saveScreenshot(page, "consent-no-javascript");
    const landed = rp.next();
    await answerConsent(page, "Allow");
    const tokens = await redeem(client, attempt, await landed);
    expect(tokens.claims()?.name).toBe(ALICE.name);
  });

  it("a tampered signed query shows the error page, on the page and when posted", async () => {
    const page = await (await stack.newContext()).newPage();
    const attempt = await buildAuthorization(client, rp);
    await page.goto(attempt.url);
    const loginUrl = new URL(page.url());

    const widened = new URL(loginUrl);
    widened.searchParams.set("scope", "openid profile email offline_access");
    await page.goto(widened.toString());
    expect(pathOf(page)).toBe("/error");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("This sign-in link has expired");
    expect(await page.content()).not.toContain('invalid_signature"}');
    await saveScreenshot(page, "error-tampered-link");

    await page.goto(loginUrl.toString());
    await page.locator('input[name="oauth_query"]').evaluate((input: HTMLInputElement) => {
      input.value = input.value.replace("scope=", "scope=offline_access+");
    });
    await submitLogin(page, ALICE.email, ALICE.password);
    expect(pathOf(page)).toBe("/error");
    expect(new URL(page.url()).searchParams.get("error")).toBe("invalid_signature");
    expect(rp.received.filter((url) => url.searchParams.get("state") === attempt.state)).toHaveLength(0);
  });

  it("an unknown client or an unregistered redirect_uri lands on the error page, not at the client", async () => {
    const page = await (await stack.newContext()).newPage();
    const unknown = await buildAuthorization(client, rp, { client_id: "no-such-client" });
    await page.goto(unknown.url);
    expect(pathOf(page)).toBe("/error");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Unknown application");
    await saveScreenshot(page, "error-unknown-client");

    const elsewhere = await buildAuthorization(client, rp, { redirect_uri: `${rp.origin}/not-registered` });
    await page.goto(elsewhere.url);
    expect(pathOf(page)).toBe("/error");
    await expect(page.getByTestId("error-code").textContent()).resolves.toBe("invalid_redirect");
    expect(rp.received.some((url) => url.pathname === "/not-registered")).toBe(false);
  });

  it("prompt=create shows the sign-up form; a new account goes on to consent and the client", async () => {
    const page = await (await stack.newContext()).newPage();
    const attempt = await buildAuthorization(client, rp, { prompt: "create" });
    await page.goto(attempt.url);
    expect(pathOf(page)).toBe("/oauth-login");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Create your account");
    await page.getByLabel("Name").fill("Frank Example");
    await page.getByLabel("Email").fill("frank@example.com");
    await page.getByLabel("Password").fill("frank-password-123");
    await saveScreenshot(page, "sign-up-filled");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Create account and continue" }).click()]);
    expect(pathOf(page)).toBe("/consent");
    const landed = rp.next();
    await answerConsent(page, "Allow");
    const tokens = await redeem(client, attempt, await landed);
    expect(tokens.claims()).toMatchObject({ email: "frank@example.com", name: "Frank Example" });
  });

  it("the console's /sign-in signs a console user in, and explains a wrong password", async () => {
    const context = await stack.newContext();
    const page = await context.newPage();
    await page.goto(`${stack.web.url}/sign-in`);
    await saveScreenshot(page, "console-sign-in");
    await page.getByLabel("Email").fill(ALICE.email);
    await page.getByLabel("Password").fill("wrong-password");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Sign in", exact: true }).click()]);
    expect(pathOf(page)).toBe("/sign-in");
    await expect(page.getByTestId("sign-in-form").getByRole("alert").textContent()).resolves.toContain("don't match");
    await saveScreenshot(page, "console-sign-in-wrong-password");

    await page.getByLabel("Email").fill(ALICE.email);
    await page.getByLabel("Password").fill(ALICE.password);
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Sign in", exact: true }).click()]);
    expect(page.url().startsWith(stack.web.url)).toBe(true);
    expect(pathOf(page)).not.toBe("/sign-in");
    const session = await page.request.get(`${stack.api.url}/api/auth/get-session`, { headers: { origin: stack.web.url } });
    expect(((await session.json()) as { user?: { email?: string } } | null)?.user?.email).toBe(ALICE.email);
  });

  it("works from the keyboard alone: focus starts on Email, Tab reaches Password then Sign in", async () => {
    const page = await (await stack.newContext()).newPage();
    const attempt = await buildAuthorization(client, rp, { prompt: "consent" });
    await page.goto(attempt.url);
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute("name") ?? document.activeElement?.textContent ?? "");
    expect(await focused()).toBe("email");
    await page.keyboard.type(ALICE.email);
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("password");
    await page.keyboard.type(ALICE.password);
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("Sign in");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    expect(pathOf(page)).toBe("/consent");
  });

  it("renders the pages readably on a phone-sized screen", async () => {
    const page = await (await stack.newContext({ viewport: { width: 375, height: 740 } })).newPage();
    const attempt = await buildAuthorization(client, rp);
    await page.goto(attempt.url);
    const form = await page.getByTestId("login-form").boundingBox();
    expect(form?.width).toBeGreaterThan(250);
    expect(form!.x + form!.width).toBeLessThanOrEqual(375);
    await saveScreenshot(page, "login-page-phone");
  });
});
