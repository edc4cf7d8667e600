import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_ADMIN } from "@iam/testing";
import { BUILD_AND_START_TIMEOUT_MS, consoleAgent, saveScreenshot, startE2eStack, submitLogin } from "./support/index.ts";
import type { E2eStack } from "./support/index.ts";

/**
 * Debugging an integration from the console (Chromium): a token request with a wrong secret shows
 * on the client's page with its reason and address, never the secret; the admin switches the
 * client to JWT access tokens and always-issued refresh tokens there.
 */
describe("a client's token settings and failed token requests in the console (Chromium)", () => {
  let stack: E2eStack;
  let admin: Page;
  let clientId: string;
  const wrongSecret = "definitely-not-the-secret-4711";

  beforeAll(async () => {
    stack = await startE2eStack({ kind: "pglite", dataDir: "memory://" });
    const agent = consoleAgent(stack);
    await agent.fetchJson(`${stack.api.url}/api/auth/sign-in/email`, "POST", TEST_ADMIN);
    const created = await agent.fetchJson(`${stack.api.url}/api/admin/oauth-clients`, "POST", {
      client_name: "Guide API",
      redirect_uris: ["http://localhost:8765/auth/callback"],
      application_type: "native",
      token_endpoint_auth_method: "client_secret_post",
    });
    clientId = (JSON.parse(created.body) as { client_id: string }).client_id;
    admin = await (await stack.newContext({ viewport: { width: 1280, height: 1400 } })).newPage();
    admin.setDefaultTimeout(15_000);
  }, BUILD_AND_START_TIMEOUT_MS);
  afterAll(async () => {
    await stack?.close();
  });

  it("shows a refused token request on the client's page and saves JWT access tokens", async () => {
    const refused = await fetch(`${stack.api.issuer}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", code: "abc", client_id: clientId, client_secret: wrongSecret }).toString(),
    });
    expect(refused.status).toBe(401);

    await admin.goto(`${stack.web.url}/oauth-clients/${clientId}`);
    await admin.waitForURL((url) => url.pathname === "/sign-in");
    await submitLogin(admin, TEST_ADMIN.email, TEST_ADMIN.password);
    await admin.waitForURL((url) => url.pathname === `/oauth-clients/${clientId}`);
    const failures = admin.getByTestId("token-failures");
    const row = failures.getByRole("row").filter({ hasText: "invalid_client" }).first();
    await row.waitFor();
    expect(await row.textContent()).toMatch(/authorization_code/);
    expect(await admin.content()).not.toContain(wrongSecret);

    const settings = admin.getByTestId("token-settings");
    await settings.getByLabel("Access token format").selectOption("jwt");
    await settings.getByLabel("JWT access token lifetime (minutes)").fill("5");
    await settings.getByLabel("Refresh tokens").selectOption("always");
    await settings.getByRole("button", { name: "Save token settings" }).click();
    await settings.getByText("Token settings saved.").waitFor();
    await saveScreenshot(admin, "console-client-token-settings");

    const stored = await consoleAgent(stack);
    await stored.fetchJson(`${stack.api.url}/api/auth/sign-in/email`, "POST", TEST_ADMIN);
    const client = JSON.parse((await stored.fetchJson(`${stack.api.url}/api/admin/oauth-clients/${clientId}`, "GET")).body) as Record<string, unknown>;
    expect(client).toMatchObject({ access_token_format: "jwt", access_token_lifetime: 300, refresh_token_policy: "always" });
  });
});
