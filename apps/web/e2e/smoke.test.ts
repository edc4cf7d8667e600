import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveScreenshot, startE2eStack } from "./support/index.ts";
import type { E2eStack } from "./support/index.ts";

describe("e2e harness", () => {
  let stack: E2eStack;
  beforeAll(async () => {
    stack = await startE2eStack({ kind: "pglite", dataDir: "memory://" });
  });
  afterAll(async () => stack?.close());

  it("serves the console against the API it was started with", async () => {
    const page = await (await stack.newContext()).newPage();
    await page.goto(stack.web.url);
    expect(await page.textContent("body")).toContain(`${stack.api.url}/api/auth`);
    await saveScreenshot(page, "smoke-home");
  });
});
