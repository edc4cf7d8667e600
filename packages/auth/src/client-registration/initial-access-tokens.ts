import { randomBytes, randomUUID } from "node:crypto";
import type { Db } from "@iam/db";
import { initialAccessToken } from "@iam/db/schema";
import { and, desc, eq, gt, isNull, or } from "drizzle-orm";
import { hashStoredToken } from "../crypto/token-hash.ts";

/** Recognisable in a secret scanner's rules and in a support ticket, never meaningful otherwise. */
export const INITIAL_ACCESS_TOKEN_PREFIX = "iat_";

export interface IssuedInitialAccessToken {
  id: string;
  /** The token itself: returned this once, only its hash is stored. */
  token: string;
  name: string;
  createdAt: Date;
  expiresAt: Date | null;
}

export type InitialAccessTokenRow = typeof initialAccessToken.$inferSelect;

export async function issueInitialAccessToken(
  db: Pick<Db, "insert">,
  input: { name: string; createdBy: string | null; expiresAt: Date | null },
): Promise<IssuedInitialAccessToken> {
  const token = `${INITIAL_ACCESS_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const [row] = await db
    .insert(initialAccessToken)
    .values({ id: randomUUID(), name: input.name, tokenHash: await hashStoredToken(token), createdBy: input.createdBy, expiresAt: input.expiresAt })
    .returning();
  if (!row) throw new Error("the initial access token was not stored");
  return { id: row.id, token, name: row.name, createdAt: row.createdAt, expiresAt: row.expiresAt };
}

export async function listInitialAccessTokens(db: Pick<Db, "select">): Promise<InitialAccessTokenRow[]> {
  return db.select().from(initialAccessToken).orderBy(desc(initialAccessToken.createdAt)).limit(500);
}

/** Revoked from the next registration on; the clients it registered stay. Null when there is no such token. */
export async function revokeInitialAccessToken(db: Pick<Db, "update">, id: string, now = new Date()): Promise<InitialAccessTokenRow | null> {
  const [row] = await db
    .update(initialAccessToken)
    .set({ revokedAt: now })
    .where(and(eq(initialAccessToken.id, id), isNull(initialAccessToken.revokedAt)))
    .returning();
  return row ?? null;
}

/**
 * The token's id when it may register a client now (known, not revoked, not expired), else null.
 * Looked up by its hash (a unique index), so no comparison of secrets happens in JavaScript.
 */
export async function findUsableInitialAccessToken(db: Pick<Db, "update">, token: string, now = new Date()): Promise<string | null> {
  if (!token.startsWith(INITIAL_ACCESS_TOKEN_PREFIX) || token.length > 200) return null;
  const [row] = await db
    .update(initialAccessToken)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(initialAccessToken.tokenHash, await hashStoredToken(token)),
        isNull(initialAccessToken.revokedAt),
        or(isNull(initialAccessToken.expiresAt), gt(initialAccessToken.expiresAt, now)),
      ),
    )
    .returning({ id: initialAccessToken.id });
  return row?.id ?? null;
}
