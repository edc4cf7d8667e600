import { existsSync } from "node:fs";
import { readTestEnv } from "@iam/env";
import { chromium } from "playwright-core";
import type { Browser } from "playwright-core";

/** Debian's Chromium by default; CHROMIUM_PATH points at any other Chrome or Chromium binary. */
export const CHROMIUM_PATH = readTestEnv().CHROMIUM_PATH;

/** Headless, with everything that would phone home or need a GPU turned off. */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Browser tests need Chromium at ${CHROMIUM_PATH}: install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM_PATH to a Chrome or Chromium binary.`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}
