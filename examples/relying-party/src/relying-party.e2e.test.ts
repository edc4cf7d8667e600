import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerConsent, BUILD_AND_START_TIMEOUT_MS, pathOf, saveScreenshot, startE2eStack, submitLogin } from "@iam/web/e2e";
import type { E2eStack } from "@iam/web/e2e";
import { TEST_ADMIN } from "@iam/testing";
import { startRpFixture } from "./testing/rp-fixture.ts";
import type { RpFixture } from "./testing/rp-fixture.ts";

async function ready(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.ready === "true");
}

describe("example relying party in Chromium: sign in, refresh on 401, sign out", () => {
  let stack: E2eStack;
  let fixture: RpFixture;
  beforeAll(async () => {
    stack = await startE2eStack({ kind: "pglite", dataDir: "memory://" });
    fixture = await startRpFixture(stack.api);
  }, BUILD_AND_START_TIMEOUT_MS);
  afterAll(async () => {
    await fixture?.close();
    await stack?.close();
  });

  it("signs a person in through the provider and keeps every token out of URLs and scripts", async () => {
    const context = await stack.newContext();
    const page = await context.newPage();
    const visited: string[] = [];
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) visited.push(frame.url());
    });

    await page.goto(`${fixture.appUrl}/`);
    await ready(page);
    await expect(page.getByRole("status").textContent()).resolves.toBe("Signed out");
    await Promise.all([page.waitForURL(`${stack.web.url}/oauth-login?**`), page.getByRole("link", { name: "Sign in" }).click()]);
    await submitLogin(page, TEST_ADMIN.email, TEST_ADMIN.password);
    if (pathOf(page) === "/consent") await answerConsent(page, "Allow");
    await page.waitForURL(`${fixture.appUrl}/`);
    await ready(page);
    await saveScreenshot(page, "example-rp-signed-in");

    await expect(page.getByRole("status").textContent()).resolves.toBe("Signed in");
    await expect(page.locator("#email").textContent()).resolves.toBe(TEST_ADMIN.email);
    // The provider's role claim "admin" maps to this app's admin role.
    await expect(page.locator("#role").textContent()).resolves.toBe("admin");
    await expect(page.locator("#organization").textContent()).resolves.toMatch(/\S+/);

    expect(visited.some((url) => url.startsWith(`${fixture.appUrl}/auth/complete`))).toBe(true);
    for (const url of visited) expect(url, url).not.toMatch(/access_token|id_token|refresh_token|eyJ/);
    await expect(page.evaluate(() => document.cookie)).resolves.toBe("");
    // Cookies are per host, not per port: every rp_ cookie here is the app's.
    const cookies = await context.cookies();
    const refresh = cookies.find((cookie) => cookie.name === "rp_refresh");
    expect(refresh).toMatchObject({ path: "/auth/refresh", httpOnly: true, sameSite: "Lax" });
    for (const name of ["rp_session", "rp_access"]) expect(cookies.find((cookie) => cookie.name === name)).toMatchObject({ path: "/", httpOnly: true });

    // The session expires: the page's call answers 401, it refreshes and asks again.
    const expiresAt = Date.parse((await page.locator("#expires").textContent()) ?? "") / 1000;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    fixture.clock.frozenAt = (expiresAt + 0.5) * 1000;
    const refreshCalls: number[] = [];
    page.on("response", (response) => {
      if (new URL(response.url()).pathname === "/auth/refresh") refreshCalls.push(response.status());
    });
    try {
      await page.reload();
      await ready(page);
      await expect(page.getByRole("status").textContent()).resolves.toBe("Signed in");
      await expect(page.evaluate(() => document.body.dataset.refreshed)).resolves.toBe("true");
      expect(refreshCalls).toEqual([200]);
      expect(Date.parse((await page.locator("#expires").textContent()) ?? "") / 1000).toBeGreaterThan(expiresAt);
    } finally {
      fixture.clock.frozenAt = undefined;
    }

    // Sign out: the app clears its cookies and ends the provider's session, then comes back.
    await Promise.all([page.waitForURL(`${fixture.appUrl}/`), page.getByRole("button", { name: "Sign out" }).click()]);
    await ready(page);
    await expect(page.getByRole("status").textContent()).resolves.toBe("Signed out");
    expect((await context.cookies()).filter((cookie) => cookie.name.startsWith("rp_"))).toEqual([]);
    await page.getByRole("link", { name: "Sign in" }).click();
    await page.waitForURL(`${stack.web.url}/oauth-login?**`);
    expect(pathOf(page)).toBe("/oauth-login");
  });
});
