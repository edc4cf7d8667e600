import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { WEB_APP_DIR } from "./next-build.ts";

/** Git-ignored; look at these after a run. */
export const ARTIFACTS_DIR = join(WEB_APP_DIR, "..", "..", "test-artifacts", "e2e");

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name.replace(/[^a-z0-9-]+/gi, "-")}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
