import type { CDPSession, Page } from "playwright-core";

/** A platform authenticator that holds discoverable credentials and verifies the person (PIN or biometric). */
export const PLATFORM_AUTHENTICATOR = {
  protocol: "ctap2",
  transport: "internal",
  hasResidentKey: true,
  hasUserVerification: true,
  isUserVerified: true,
} as const;

/**
 * Chromium's virtual authenticator (DevTools protocol `WebAuthn` domain) on `page`, standing in for
 * the person's device. It belongs to that page: keep using the same tab.
 */
export async function addVirtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", { options: PLATFORM_AUTHENTICATOR });
  return { cdp, authenticatorId };
}
