import * as oidc from "openid-client";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerConsent, buildAuthorization, pathOf, redeem, saveScreenshot, startEndUserFixture, submitLogin } from "./support/index.ts";
import type { CallbackServer, E2eClient, E2eStack, EndUserFixture } from "./support/index.ts";
import { BUILD_AND_START_TIMEOUT_MS } from "./support/index.ts";

const BOB = { email: "bob@example.com", password: "bob-password-12345", name: "Bob Example" };

describe("end-user sessions in Chromium: prompt=none, remembered consent, logout", () => {
  let stack: E2eStack;
  let rp: CallbackServer;
  let client: E2eClient;
  let fixture: EndUserFixture | undefined;

  beforeAll(async () => {
    fixture = await startEndUserFixture(BOB);
    ({ stack, rp, client } = fixture);
  }, BUILD_AND_START_TIMEOUT_MS);
  afterAll(async () => {
    await fixture?.close();
  });

  /** Signs in through the login page and consents once; returns the tokens of that first flow. */
  async function signInAndConsent(page: Page) {
    const attempt = await buildAuthorization(client, rp, { prompt: "consent" });
    await page.goto(attempt.url);
    await submitLogin(page, BOB.email, BOB.password);
    expect(pathOf(page)).toBe("/consent");
    const landed = rp.next();
    await answerConsent(page, "Allow");
    return redeem(client, attempt, await landed);
  }

  async function silentAuthorization(page: Page) {
    const attempt = await buildAuthorization(client, rp, { prompt: "none" });
    const landed = rp.next();
    await page.goto(attempt.url);
    return { attempt, callback: await landed };
  }

  it("prompt=none without a session returns login_required to the client with state and iss", async () => {
    const page = await (await stack.newContext()).newPage();
    const { attempt, callback } = await silentAuthorization(page);
    expect(callback.searchParams.get("error")).toBe("login_required");
    expect(callback.searchParams.get("state")).toBe(attempt.state);
    expect(callback.searchParams.get("iss")).toBe(stack.api.issuer);
    expect(rp.received.every((url) => !url.pathname.startsWith("/oauth-login"))).toBe(true);
  });

  describe("with a session and a consent given once", () => {
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      context = await stack.newContext();
      page = await context.newPage();
      await signInAndConsent(page);
    });

    it("prompt=none returns a code with no page in between", async () => {
      const { attempt, callback } = await silentAuthorization(page);
      expect(callback.searchParams.get("error")).toBeNull();
      const tokens = await redeem(client, attempt, callback);
      expect(tokens.claims()?.email).toBe(BOB.email);
    });

    it("remembers the consent for the same scopes and asks again with prompt=consent", async () => {
      const visited: string[] = [];
      page.on("framenavigated", (frame) => visited.push(frame.url()));
      const again = await buildAuthorization(client, rp);
      const landed = rp.next();
      await page.goto(again.url);
      const tokens = await redeem(client, again, await landed);
      expect(tokens.claims()?.name).toBe(BOB.name);
      expect(visited.some((url) => url.startsWith(`${stack.web.url}/consent`) || url.startsWith(`${stack.web.url}/oauth-login`))).toBe(false);

      const forced = await buildAuthorization(client, rp, { prompt: "consent" });
      await page.goto(forced.url);
      expect(pathOf(page)).toBe("/consent");
      const wider = await buildAuthorization(client, rp, { scope: "openid profile email offline_access" });
      await page.goto(wider.url);
      expect(pathOf(page)).toBe("/consent");
    });

    it("prompt=login asks for the password again even with a session", async () => {
      const attempt = await buildAuthorization(client, rp, { prompt: "login" });
      await page.goto(attempt.url);
      expect(pathOf(page)).toBe("/oauth-login");
      const landed = rp.next();
      await submitLogin(page, BOB.email, BOB.password);
      const tokens = await redeem(client, attempt, await landed);
      expect(tokens.claims()?.auth_time).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) - 30);
    });

    it("RP-initiated logout ends the session and returns to the client", async () => {
      // An ID token of the current session (prompt=login above started a new one).
      const current = await silentAuthorization(page);
      const idToken = (await redeem(client, current.attempt, current.callback)).id_token!;
      const state = oidc.randomState();
      const endSession = oidc.buildEndSessionUrl(client.config, {
        id_token_hint: idToken,
        post_logout_redirect_uri: rp.postLogoutRedirectUri,
        state,
      });
      const landed = rp.next("/logged-out");
      await page.goto(endSession.toString());
      const back = await landed;
      expect(back.searchParams.get("state")).toBe(state);
      await saveScreenshot(page, "logout-returned-to-client");
      const { callback } = await silentAuthorization(page);
      expect(callback.searchParams.get("error")).toBe("login_required");
    });
  });

  it("asks for confirmation on the console's logout page when the request carries no id_token_hint", async () => {
    const page = await (await stack.newContext()).newPage();
    await signInAndConsent(page);
    const endSession = new URL(client.config.serverMetadata().end_session_endpoint!);
    endSession.searchParams.set("client_id", client.clientId);
    endSession.searchParams.set("post_logout_redirect_uri", rp.postLogoutRedirectUri);
    endSession.searchParams.set("state", "keep-me");
    await page.goto(endSession.toString());
    expect(pathOf(page)).toBe("/logout");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Sign out?");
    await saveScreenshot(page, "logout-confirm");

    const landed = rp.next("/logged-out");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Sign out" }).click()]);
    expect((await landed).searchParams.get("state")).toBe("keep-me");
    const { callback } = await silentAuthorization(page);
    expect(callback.searchParams.get("error")).toBe("login_required");
  });

  it("a confirmed logout with no application to return to ends on the console's signed-out page", async () => {
    const page = await (await stack.newContext()).newPage();
    await signInAndConsent(page);
    await page.goto(client.config.serverMetadata().end_session_endpoint!);
    expect(pathOf(page)).toBe("/logout");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Sign out" }).click()]);
    expect(pathOf(page)).toBe("/logout");
    expect(new URL(page.url()).searchParams.get("done")).toBe("1");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("You are signed out");
    await saveScreenshot(page, "logout-done");
    const { callback } = await silentAuthorization(page);
    expect(callback.searchParams.get("error")).toBe("login_required");
  });
});
