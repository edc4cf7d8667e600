import * as oidc from "openid-client";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "@iam/testing";
import type { TestDatabase } from "@iam/testing";
import { DEVICE_CODE_GRANT } from "@iam/schemas";
import { BUILD_AND_START_TIMEOUT_MS, consoleAgent, createUser, pathOf, saveScreenshot, startE2eStack, submitLogin } from "./support/index.ts";
import type { E2eStack } from "./support/index.ts";

const DANA = { email: "dana@example.com", password: "correct-horse-battery", name: "Dana Example" };

/** What a relying-party library throws for an OAuth error answer. */
async function oauthError(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return error instanceof oidc.ResponseBodyError ? error.error : `unexpected: ${String(error)}`;
  }
  return undefined;
}

/**
 * RFC 8628 end to end: a TV-like client (openid-client) asks for a code, a person enters it on the
 * console's /device page in Chromium with JavaScript off, signs in, allows or denies, and the
 * device's polling ends with tokens or `access_denied`. Polling too fast, unknown and expired codes
 * get their protocol errors on the device side and a readable page on the person's side.
 */
describe.each(testDatabaseKinds())("device authorization grant on $label", (kind) => {
  let database: TestDatabase;
  let stack: E2eStack;
  let config: oidc.Configuration;
  let page: Page;

  beforeAll(async () => {
    database = await kind.create();
    stack = await startE2eStack(database.target);
    await createUser(stack, DANA.email, DANA.password, DANA.name);
    const admin = consoleAgent(stack);
    expect(
      (await admin.fetchJson(`${stack.api.url}/api/auth/sign-in/email`, "POST", { email: "admin@test.example", password: "admin-password-123" })).status,
    ).toBe(200);
    const created = await admin.fetchJson(`${stack.api.url}/api/admin/oauth-clients`, "POST", {
      client_name: "Living-room TV",
      application_type: "native",
      token_endpoint_auth_method: "client_secret_basic",
      grant_types: [DEVICE_CODE_GRANT, "refresh_token"],
    });
    expect(created.status, created.body).toBe(201);
    const client = JSON.parse(created.body) as { client_id: string; client_secret: string; grant_types: string[] };
    expect(client.grant_types).toContain(DEVICE_CODE_GRANT);
    config = await oidc.discovery(new URL(stack.api.issuer), client.client_id, undefined, oidc.ClientSecretBasic(client.client_secret), {
      execute: [oidc.allowInsecureRequests],
    });
    page = await (await stack.newContext({ javaScriptEnabled: false })).newPage();
    page.setDefaultTimeout(20_000);
  }, BUILD_AND_START_TIMEOUT_MS);
  afterAll(async () => {
    await stack?.close();
    await database?.dispose();
  });

  it("discovery advertises the device endpoint and the grant", () => {
    const metadata = config.serverMetadata();
    expect(metadata.device_authorization_endpoint).toBe(`${stack.api.issuer}/device/code`);
    expect(metadata.grant_types_supported).toContain(DEVICE_CODE_GRANT);
  });

  it("an admin enables the grant for a client in the console; that client gets device codes", async () => {
    const admin = await (await stack.newContext()).newPage();
    admin.setDefaultTimeout(20_000);
    await admin.goto(`${stack.web.url}/oauth-clients/new`);
    await admin.waitForURL((url) => url.pathname === "/sign-in");
    await submitLogin(admin, "admin@test.example", "admin-password-123");
    await admin.waitForURL((url) => url.pathname === "/oauth-clients/new");
    await admin.getByLabel("Name", { exact: true }).fill("Console-made CLI");
    await admin.getByLabel(/Native, desktop, CLI or localhost/).check();
    await admin.getByLabel("Authorization code (people sign in)").uncheck();
    await admin.getByLabel(/Device code/).check();
    await saveScreenshot(admin, "device-client-form");
    await admin.getByRole("button", { name: "Create client" }).click();
    const secret = await admin.getByTestId("client-secret").textContent();
    const clientId = await admin.getByTestId("client-id").textContent();
    const cli = await oidc.discovery(new URL(stack.api.issuer), clientId!, undefined, oidc.ClientSecretBasic(secret!), {
      execute: [oidc.allowInsecureRequests],
    });
    const device = await oidc.initiateDeviceAuthorization(cli, { scope: "openid" });
    expect(device.user_code).toMatch(/^[A-Z0-9]{8}$/);
  });

  it("the person enters the code, signs in, allows; the device's polling gets tokens", async () => {
    const device = await oidc.initiateDeviceAuthorization(config, { scope: "openid profile email offline_access" });
    expect(device.verification_uri).toBe(`${stack.web.url}/device`);
    expect(device.verification_uri_complete).toBe(`${stack.web.url}/device?user_code=${device.user_code}`);
    expect(device.expires_in).toBe(600);
    expect(device.interval).toBe(5);

    await page.goto(device.verification_uri);
    await page.getByLabel("Code").fill(device.user_code);
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Continue" }).click()]);
    // Signed out: the sign-in page, which comes back to /device with the code kept.
    expect(pathOf(page)).toBe("/sign-in");
    await submitLogin(page, DANA.email, DANA.password);
    expect(pathOf(page)).toBe("/device");
    expect(new URL(page.url()).searchParams.get("user_code")).toBe(device.user_code);
    await expect(page.getByTestId("client-name").textContent()).resolves.toBe("Living-room TV");
    await expect(page.getByTestId("device-user-code").textContent()).resolves.toBe(device.user_code);
    const scopes = await page
      .getByTestId("scope-list")
      .locator("li")
      .evaluateAll((items) => items.map((item) => item.getAttribute("data-scope")));
    expect(scopes).toEqual(["openid", "profile", "email", "offline_access"]);
    await saveScreenshot(page, "device-consent");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Allow", exact: true }).click()]);
    await expect(page.getByTestId("device-done").textContent()).resolves.toContain("You can return to your device now");
    await saveScreenshot(page, "device-approved");

    const tokens = await oidc.pollDeviceAuthorizationGrant(config, device);
    expect(tokens.access_token).toBeTruthy();
    expect(tokens.refresh_token).toBeTruthy();
    const claims = tokens.claims();
    expect(claims).toMatchObject({ email: DANA.email, name: DANA.name });
    const userInfo = await oidc.fetchUserInfo(config, tokens.access_token, claims!.sub);
    expect(userInfo.email).toBe(DANA.email);
    // The code is spent: polling again is refused.
    expect(await oauthError(oidc.genericGrantRequest(config, DEVICE_CODE_GRANT, { device_code: device.device_code }))).toBe("invalid_grant");
  });

  it("a denied request ends the device's polling with access_denied", async () => {
    const device = await oidc.initiateDeviceAuthorization(config, { scope: "openid" });
    // Still signed in from the test before: the link with the code goes straight to the question.
    await page.goto(device.verification_uri_complete!);
    expect(pathOf(page)).toBe("/device");
    await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Deny", exact: true }).click()]);
    await expect(page.getByTestId("device-done").textContent()).resolves.toContain("was not given access");
    expect(await oauthError(oidc.pollDeviceAuthorizationGrant(config, device))).toBe("access_denied");
  });

  it("polling faster than the interval gets slow_down; unknown and expired codes are refused on both sides", async () => {
    const device = await oidc.initiateDeviceAuthorization(config, { scope: "openid" });
    expect(await oauthError(oidc.genericGrantRequest(config, DEVICE_CODE_GRANT, { device_code: device.device_code }))).toBe("authorization_pending");
    expect(await oauthError(oidc.genericGrantRequest(config, DEVICE_CODE_GRANT, { device_code: device.device_code }))).toBe("slow_down");
    expect(await oauthError(oidc.genericGrantRequest(config, DEVICE_CODE_GRANT, { device_code: "not-a-device-code" }))).toBe("invalid_grant");

    await page.goto(`${stack.web.url}/device?user_code=WRONGCODE`);
    await expect(page.getByTestId("device-error").textContent()).resolves.toContain("not valid");

    // Time passes: the code's lifetime (expires_in) runs out.
    await stack.api.database.sql.query("update device_code set expires_at = now() - interval '1 second' where user_code = $1", [device.user_code]);
    await page.goto(device.verification_uri_complete!);
    await expect(page.getByTestId("device-error").textContent()).resolves.toContain("expired");
    await saveScreenshot(page, "device-expired");
    await new Promise((resolve) => setTimeout(resolve, (device.interval ?? 5) * 1000));
    expect(await oauthError(oidc.genericGrantRequest(config, DEVICE_CODE_GRANT, { device_code: device.device_code }))).toBe("expired_token");
  });
});
