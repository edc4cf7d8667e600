import { createHash } from "node:crypto";

/**
 * The OAuth plugin's stored form of client secrets and opaque tokens (SHA-256, base64url without
 * padding), computed with node:crypto in one synchronous call instead of a WebCrypto job per
 * value: several per request on every token, introspection and userinfo call. The output is
 * byte-for-byte the plugin's default, so rows written before keep matching.
 */
export async function hashStoredToken(value: string): Promise<string> {
  return createHash("sha256").update(value, "utf8").digest("base64url");
}

/** `storeClientSecret` / `storeTokens` settings of `oauthProvider()` using {@link hashStoredToken}. */
export const nativeTokenHashing = { hash: hashStoredToken } as const;
