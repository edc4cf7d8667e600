import { randomBytes } from "node:crypto";
import type { Db } from "@iam/db";
import { oauthAccessToken, oauthClient } from "@iam/db/schema";
import type { GenericEndpointContext } from "better-auth";
import { eq } from "drizzle-orm";
import { hashStoredToken } from "../crypto/token-hash.ts";

/** The plugin's default refresh-token lifetime (refreshTokenExpiresIn), which the project keeps. */
const REFRESH_TOKEN_SECONDS = 30 * 24 * 60 * 60;
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

type AccessRow = typeof oauthAccessToken.$inferSelect;

/** 32 letters, as the plugin's own refresh tokens (generateRandomString(32, "A-Z", "a-z")). */
function randomLetters(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = "";
  for (const byte of bytes) {
    // 52 letters: reject the top of the byte range so every letter is equally likely.
    if (byte < 208) out += LETTERS[byte % 52];
    if (out.length === length) return out;
  }
  return out + randomLetters(length - out.length);
}

/**
 * A refresh token for a code exchange that yielded none, for a client whose policy is `always`
 * (as Authentik and Keycloak do; the seed guides' relying party asks for `openid email profile
 * organization` and refreshes). Written as the plugin writes its own (hashed value, client,
 * user, session, consent reference, code) with `offline_access` among its scopes, so from its
 * first use on the plugin's refresh grant rotates it, detects reuse and revokes the family.
 *
 * Why not add `offline_access` to the authorization request: the plugin then demands PKCE or an
 * OIDC nonce, and the guides' login sends neither (a confidential client whose admin turned
 * PKCE off). The access token row is linked to the refresh token, so revoking one revokes both.
 */
export async function issuePolicyRefreshToken(ctx: GenericEndpointContext, db: Db, row: AccessRow): Promise<string | undefined> {
  if (!row.userId || !row.clientId) return undefined;
  const [client] = await db.select({ grantTypes: oauthClient.grantTypes }).from(oauthClient).where(eq(oauthClient.clientId, row.clientId)).limit(1);
  if (!client?.grantTypes?.includes("refresh_token")) return undefined;
  const token = randomLetters(32);
  const now = new Date();
  const scopes = [...new Set([...(row.scopes ?? []), "offline_access"])];
  const created = await ctx.context.adapter.create<Record<string, unknown>, { id: string }>({
    model: "oauthRefreshToken",
    data: {
      token: await hashStoredToken(token),
      clientId: row.clientId,
      sessionId: row.sessionId ?? undefined,
      userId: row.userId,
      referenceId: row.referenceId ?? undefined,
      authorizationCodeId: row.authorizationCodeId ?? undefined,
      scopes,
      createdAt: now,
      expiresAt: new Date(now.getTime() + REFRESH_TOKEN_SECONDS * 1000),
    },
  });
  await db.update(oauthAccessToken).set({ refreshId: created.id }).where(eq(oauthAccessToken.id, row.id));
  return token;
}
