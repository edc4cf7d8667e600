import type { Page } from "playwright-core";
import { saveScreenshot } from "./screenshot.ts";

/** Fills and submits the login page as a person would (labels, not selectors). */
export async function submitLogin(page: Page, email: string, password: string, screenshot?: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  if (screenshot) await saveScreenshot(page, screenshot);
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: "Sign in", exact: true }).click()]);
}

export async function answerConsent(page: Page, answer: "Allow" | "Deny"): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.getByRole("button", { name: answer, exact: true }).click()]);
}

export function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}
