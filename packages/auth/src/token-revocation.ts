import type { Db } from "@iam/db";
import { oauthAccessToken, oauthRefreshToken } from "@iam/db/schema";
import { and, eq, inArray } from "drizzle-orm";
import type { SQL } from "drizzle-orm";

export interface TokenOwner {
  userId: string;
  /** Only this client's tokens; all of the user's tokens when omitted. */
  clientId?: string;
}

type Executor = Pick<Db, "delete">;

/**
 * Deletes a user's access and refresh tokens (for one client, or all). The plugin revokes nothing
 * when a consent goes or a user is banned, and its refresh grant checks neither, so this is what
 * makes those tokens stop working. Pass a transaction to make it part of a larger change.
 */
export async function deleteOAuthTokens(executor: Executor, owner: TokenOwner): Promise<{ accessTokens: number; refreshTokens: number }> {
  const access = owner.clientId
    ? and(eq(oauthAccessToken.userId, owner.userId), eq(oauthAccessToken.clientId, owner.clientId))
    : eq(oauthAccessToken.userId, owner.userId);
  const refresh = owner.clientId
    ? and(eq(oauthRefreshToken.userId, owner.userId), eq(oauthRefreshToken.clientId, owner.clientId))
    : eq(oauthRefreshToken.userId, owner.userId);
  const accessTokens = await executor
    .delete(oauthAccessToken)
    .where(access as SQL)
    .returning({ id: oauthAccessToken.id });
  const refreshTokens = await executor
    .delete(oauthRefreshToken)
    .where(refresh as SQL)
    .returning({ id: oauthRefreshToken.id });
  return { accessTokens: accessTokens.length, refreshTokens: refreshTokens.length };
}

/** In its own transaction: both tables or neither. */
export async function revokeOAuthTokens(db: Db, owner: TokenOwner) {
  return db.transaction((tx) => deleteOAuthTokens(tx, owner));
}

/**
 * Deletes the user's tokens for one client that carry a scope outside `scopes` (a consent just
 * narrowed): a refresh or userinfo call with them would still exercise what the person withdrew.
 * Tokens within the remaining consent keep working.
 */
export async function revokeTokensBeyondScopes(db: Db, owner: Required<TokenOwner>, scopes: readonly string[]) {
  const granted = new Set(scopes);
  const exceeds = (row: { scopes: string[] }) => row.scopes.some((scope) => !granted.has(scope));
  return db.transaction(async (tx) => {
    const access = await tx
      .select({ id: oauthAccessToken.id, scopes: oauthAccessToken.scopes })
      .from(oauthAccessToken)
      .where(and(eq(oauthAccessToken.userId, owner.userId), eq(oauthAccessToken.clientId, owner.clientId)));
    const refresh = await tx
      .select({ id: oauthRefreshToken.id, scopes: oauthRefreshToken.scopes })
      .from(oauthRefreshToken)
      .where(and(eq(oauthRefreshToken.userId, owner.userId), eq(oauthRefreshToken.clientId, owner.clientId)));
    const accessIds = access.filter(exceeds).map((row) => row.id);
    const refreshIds = refresh.filter(exceeds).map((row) => row.id);
    // Access tokens first: they may reference the refresh token they were minted with.
    if (accessIds.length) await tx.delete(oauthAccessToken).where(inArray(oauthAccessToken.id, accessIds));
    if (refreshIds.length) await tx.delete(oauthRefreshToken).where(inArray(oauthRefreshToken.id, refreshIds));
    return { accessTokens: accessIds.length, refreshTokens: refreshIds.length };
  });
}
