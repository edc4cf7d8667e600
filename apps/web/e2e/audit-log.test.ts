import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_ADMIN } from "@iam/testing";
import { BUILD_AND_START_TIMEOUT_MS, createUser, saveScreenshot, startE2eStack, submitLogin } from "./support/index.ts";
import type { E2eStack } from "./support/index.ts";

const BOB = { email: "bob.audit@example.com", password: "bob-audit-password", name: "Bob Audit" };

/** An admin reads the audit log in Chromium: a failed sign-in shows up, filtered, with its address. */
describe("audit log in the console (Chromium)", () => {
  let stack: E2eStack;
  let admin: Page;

  beforeAll(async () => {
    stack = await startE2eStack({ kind: "pglite", dataDir: "memory://" });
    await createUser(stack, BOB.email, BOB.password, BOB.name);
    admin = await (await stack.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    admin.setDefaultTimeout(15_000);
  }, BUILD_AND_START_TIMEOUT_MS);
  afterAll(async () => {
    await stack?.close();
  });

  it("lists a failed sign-in under the failed sign-ins filter, with who and from where", async () => {
    // Someone types Bob's address with a wrong password on the sign-in page.
    const stranger = await (await stack.newContext()).newPage();
    await stranger.goto(`${stack.web.url}/sign-in`);
    await submitLogin(stranger, BOB.email, "not-bobs-password");
    await stranger.context().close();

    await admin.goto(`${stack.web.url}/audit-log`);
    await admin.waitForURL((url) => url.pathname === "/sign-in");
    await submitLogin(admin, TEST_ADMIN.email, TEST_ADMIN.password);
    await admin.waitForURL((url) => url.pathname === "/audit-log");
    await admin.getByRole("heading", { name: "Audit log" }).waitFor();
    // Actions show in words; the code stays on the cell (data-action) for scripts and tests.
    await admin.locator('[data-action="sign_in.succeeded"]').first().waitFor();

    await admin.getByLabel("Action").selectOption("sign_in.failed");
    await admin.getByRole("button", { name: "Filter" }).click();
    const row = admin
      .getByRole("row")
      .filter({ has: admin.locator('[data-action="sign_in.failed"]') })
      .first();
    await row.waitFor();
    expect(await row.textContent()).toContain(BOB.email);
    expect(await row.textContent()).toContain("Failed sign-in");
    expect(await admin.locator('[data-action="sign_in.succeeded"]').count()).toBe(0);
    expect(await admin.content()).not.toContain("not-bobs-password");
    await saveScreenshot(admin, "console-audit-log");
  });
});
