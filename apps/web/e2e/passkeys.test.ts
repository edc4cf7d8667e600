import type { CDPSession, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds, TEST_ADMIN } from "@iam/testing";
import {
  addVirtualAuthenticator,
  answerConsent,
  BUILD_AND_START_TIMEOUT_MS,
  buildAuthorization,
  consoleAgent,
  pathOf,
  PLATFORM_AUTHENTICATOR,
  redeem,
  saveScreenshot,
  startEndUserFixture,
  submitLogin,
} from "./support/index.ts";
import type { CallbackServer, E2eClient, E2eStack, EndUserFixture } from "./support/index.ts";

const SAM = { email: "sam@example.com", password: "sam-password-1234", name: "Sam Example" };

/**
 * Passkeys in Chromium, with the DevTools protocol's virtual authenticator standing in for the
 * device: enrolled on /account/security (two of them, one renamed and removed), then used alone to
 * sign in during a relying party's authorization (no email typed), and as the second step after a
 * password when the relying party asks for the multi-factor acr.
 */
describe.each(testDatabaseKinds())("passkeys in Chromium on $label", (kind) => {
  let fixture: EndUserFixture;
  let stack: E2eStack;
  let rp: CallbackServer;
  let client: E2eClient;
  let page: Page;
  let cdp: CDPSession;
  let authenticatorId = "";

  beforeAll(async () => {
    fixture = await startEndUserFixture(SAM, { database: kind });
    ({ stack, rp, client } = fixture);
    // One tab for the whole suite: a virtual authenticator belongs to the page it was added to.
    page = await (await stack.newContext()).newPage();
    ({ cdp, authenticatorId } = await addVirtualAuthenticator(page));
  }, BUILD_AND_START_TIMEOUT_MS);
  afterAll(() => fixture?.close());

  async function auditActions(prefix: string): Promise<{ action: string; details?: Record<string, unknown> | null }[]> {
    const admin = consoleAgent(stack);
    await admin.fetchJson(`${stack.api.url}/api/auth/sign-in/email`, "POST", TEST_ADMIN);
    const response = await admin.fetchJson(`${stack.api.url}/api/admin/audit-log?${new URLSearchParams({ action: prefix, actor: SAM.email })}`, "GET");
    expect(response.status).toBe(200);
    return (JSON.parse(response.body) as { entries: { action: string; details?: Record<string, unknown> | null }[] }).entries;
  }

  async function signOut() {
    await page.context().clearCookies();
  }

  it("adds two named passkeys on /account/security, renames one and removes it after a confirmation", async () => {
    await page.goto(`${stack.web.url}/account/security`);
    await page.waitForURL((url) => url.pathname === "/sign-in");
    await page.getByLabel("Email").fill(SAM.email);
    await page.getByLabel("Password").fill(SAM.password);
    await Promise.all([page.waitForURL((url) => url.pathname === "/account/security"), page.getByRole("button", { name: "Sign in", exact: true }).click()]);

    const section = page.getByTestId("passkey-section");
    await section.getByText("You have no passkeys yet.").waitFor();
    await page.getByRole("button", { name: "Add a passkey" }).click();
    await page.getByLabel("Passkey name").fill("Work laptop");
    await page.getByRole("button", { name: "Create passkey" }).click();
    await section.getByText("Passkey “Work laptop” added.").waitFor();
    const laptop = (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials;
    expect(laptop).toHaveLength(1);
    expect(laptop[0]).toMatchObject({ isResidentCredential: true });

    // A second device: this authenticator already holds the account's passkey (the server lists
    // it in excludeCredentials), so the first one steps aside and a phone's takes its place.
    await cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId });
    const phoneId = (await cdp.send("WebAuthn.addVirtualAuthenticator", { options: PLATFORM_AUTHENTICATOR })).authenticatorId;
    await page.getByRole("button", { name: "Add a passkey" }).click();
    await page.getByLabel("Passkey name").fill("Phone");
    await page.getByRole("button", { name: "Create passkey" }).click();
    await section.getByText("Passkey “Phone” added.").waitFor();
    await expect(page.getByTestId("passkey-list").locator("li").count()).resolves.toBe(2);
    await saveScreenshot(page, "passkeys-two");

    await page.getByRole("button", { name: "Rename Phone" }).click();
    await page.getByLabel("New name").fill("Old phone");
    await page.getByRole("button", { name: "Save name" }).click();
    await section.getByText("Passkey renamed.").waitFor();
    await section.getByText("Old phone", { exact: true }).waitFor();

    await page.getByRole("button", { name: "Remove Old phone" }).click();
    await page.getByText("Remove the passkey “Old phone”?").waitFor();
    await saveScreenshot(page, "passkey-remove-confirm");
    // Cancelling keeps it.
    await page.getByRole("button", { name: "Cancel" }).click();
    await expect(page.getByTestId("passkey-list").locator("li").count()).resolves.toBe(2);
    await page.getByRole("button", { name: "Remove Old phone" }).click();
    await page.getByRole("button", { name: "Remove passkey" }).click();
    await section.getByText("Passkey removed.").waitFor();
    await expect(page.getByTestId("passkey-list").locator("li").allTextContents()).resolves.toEqual([expect.stringContaining("Work laptop")]);

    // The laptop's authenticator comes back with its credential, as the device would.
    await cdp.send("WebAuthn.removeVirtualAuthenticator", { authenticatorId: phoneId });
    authenticatorId = (await cdp.send("WebAuthn.addVirtualAuthenticator", { options: PLATFORM_AUTHENTICATOR })).authenticatorId;
    await cdp.send("WebAuthn.addCredential", { authenticatorId, credential: laptop[0]! });

    const enrolled = await auditActions("second_factor.");
    expect(enrolled.filter((entry) => entry.action === "second_factor.enrolled").map((entry) => entry.details?.name)).toEqual(
      expect.arrayContaining(["Work laptop", "Phone"]),
    );
    expect(enrolled.filter((entry) => entry.action === "second_factor.removed" && entry.details?.method === "passkey")).toHaveLength(1);
  });

  it("with JavaScript off, /oauth-login says passkeys need it and keeps the password form", async () => {
    const noScript = await (await stack.newContext({ javaScriptEnabled: false })).newPage();
    await noScript.goto((await buildAuthorization(client, rp)).url);
    expect(pathOf(noScript)).toBe("/oauth-login");
    await noScript.getByText("Signing in with a passkey needs JavaScript", { exact: false }).waitFor();
    await expect(noScript.getByRole("button", { name: "Sign in with a passkey" }).count()).resolves.toBe(0);
    await expect(noScript.getByRole("button", { name: "Sign in", exact: true }).count()).resolves.toBe(1);
  });

  it("signs in with the passkey alone during an authorization: no email typed, consent, the callback, amr hwk + mfa", async () => {
    await signOut();
    const attempt = await buildAuthorization(client, rp, { prompt: "consent" });
    await page.goto(attempt.url);
    expect(pathOf(page)).toBe("/oauth-login");
    await saveScreenshot(page, "oauth-login-passkey");
    await Promise.all([page.waitForURL((url) => url.pathname === "/consent"), page.getByRole("button", { name: "Sign in with a passkey" }).click()]);
    const landed = rp.next();
    await answerConsent(page, "Allow");
    const callback = await landed;
    expect(callback.searchParams.get("state")).toBe(attempt.state);
    const claims = (await redeem(client, attempt, callback)).claims()!;
    expect(claims.email).toBe(SAM.email);
    expect(claims.amr).toEqual(["hwk", "user", "mfa"]);
    expect(claims.acr).toBe("urn:iam:acr:mfa");
    expect(typeof claims.auth_time).toBe("number");
  });

  it("a passkey as the second step after a password, when the relying party asks for the multi-factor acr", async () => {
    await signOut();
    // A password sign-in: one factor (Sam has no authenticator app, so no second step is asked).
    const first = await buildAuthorization(client, rp);
    await page.goto(first.url);
    let landed = rp.next();
    await submitLogin(page, SAM.email, SAM.password);
    const firstClaims = (await redeem(client, first, await landed)).claims()!;
    expect(firstClaims.amr).toEqual(["pwd"]);
    expect(firstClaims.acr).toBe("urn:iam:acr:sfa");

    // Step-up from that session: the second-factor page, where the passkey stands in for a code.
    const stepUp = await buildAuthorization(client, rp, { acr_values: "urn:iam:acr:mfa" });
    await page.goto(stepUp.url);
    expect(pathOf(page)).toBe("/two-factor");
    await saveScreenshot(page, "two-factor-passkey");
    landed = rp.next();
    await page.getByRole("button", { name: "Use a passkey instead" }).click();
    const callback = await landed;
    const claims = (await redeem(client, stepUp, callback)).claims()!;
    expect(claims.amr).toEqual(["pwd", "hwk", "user", "mfa"]);
    expect(claims.acr).toBe("urn:iam:acr:mfa");

    const signIns = await auditActions("sign_in.succeeded");
    expect(signIns.some((entry) => entry.details?.method === "passkey" && entry.details?.step === "second")).toBe(true);
  });
});
