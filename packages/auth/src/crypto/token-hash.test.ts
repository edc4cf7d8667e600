import { describe, expect, it } from "vitest";
import { hashStoredToken } from "./token-hash.ts";

/** The plugin's default hasher, as written in @better-auth/oauth-provider 1.7.5 (WebCrypto). */
async function pluginDefaultHash(value: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value));
  return Buffer.from(digest).toString("base64url");
}

describe("hashStoredToken", () => {
  it("matches the OAuth plugin's default stored form for secrets and tokens", async () => {
    const samples = ["", "a", "client-secret-0123456789abcdef", "ünïcødé-🔑", "x".repeat(1000), "tok.en-with_all~chars/+="];
    for (const value of samples) expect(await hashStoredToken(value)).toBe(await pluginDefaultHash(value));
  });

  it("is a 43-character base64url SHA-256 without padding, different for different inputs", async () => {
    const first = await hashStoredToken("one");
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await hashStoredToken("two")).not.toBe(first);
  });
});
