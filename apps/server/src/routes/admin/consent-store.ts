import { deleteOAuthTokens } from "@iam/auth";
import type { Db } from "@iam/db";
import { oauthClient, oauthConsent, user } from "@iam/db/schema";
import { and, count, desc, eq, ilike, or } from "drizzle-orm";
import type { SQL } from "drizzle-orm";
import { likePattern } from "./like-pattern.ts";
import type { PageQuery } from "@iam/schemas";

export type ConsentFilter = PageQuery & { user_id?: string; client_id?: string };

/**
 * Every consent across users. The plugin's `get-consents` returns only the caller's own, and its
 * update and delete refuse anyone but the consenting user, so consents are handled here.
 */
export async function listConsents(db: Db, filter: ConsentFilter) {
  const filters: SQL[] = [];
  if (filter.user_id) filters.push(eq(oauthConsent.userId, filter.user_id));
  if (filter.client_id) filters.push(eq(oauthConsent.clientId, filter.client_id));
  if (filter.q) {
    const pattern = likePattern(filter.q);
    filters.push(or(ilike(user.email, pattern), ilike(user.name, pattern), ilike(oauthClient.name, pattern), ilike(oauthClient.clientId, pattern)) as SQL);
  }
  const where = filters.length ? and(...filters) : undefined;
  const base = () =>
    db
      .select({
        id: oauthConsent.id,
        userId: oauthConsent.userId,
        userEmail: user.email,
        userName: user.name,
        clientId: oauthConsent.clientId,
        clientName: oauthClient.name,
        scopes: oauthConsent.scopes,
        createdAt: oauthConsent.createdAt,
        updatedAt: oauthConsent.updatedAt,
      })
      .from(oauthConsent)
      .leftJoin(user, eq(user.id, oauthConsent.userId))
      .leftJoin(oauthClient, eq(oauthClient.clientId, oauthConsent.clientId));
  const [rows, [total]] = await Promise.all([
    base().where(where).orderBy(desc(oauthConsent.createdAt), oauthConsent.id).limit(filter.limit).offset(filter.offset),
    db
      .select({ value: count() })
      .from(oauthConsent)
      .leftJoin(user, eq(user.id, oauthConsent.userId))
      .leftJoin(oauthClient, eq(oauthClient.clientId, oauthConsent.clientId))
      .where(where),
  ]);
  return { consents: rows.map(consentView), total: total?.value ?? 0, limit: filter.limit, offset: filter.offset };
}

type ConsentRow = Awaited<ReturnType<typeof findConsent>>;

export async function findConsent(db: Db, id: string) {
  const [row] = await db
    .select({
      id: oauthConsent.id,
      userId: oauthConsent.userId,
      userEmail: user.email,
      userName: user.name,
      clientId: oauthConsent.clientId,
      clientName: oauthClient.name,
      clientScopes: oauthClient.scopes,
      scopes: oauthConsent.scopes,
      createdAt: oauthConsent.createdAt,
      updatedAt: oauthConsent.updatedAt,
    })
    .from(oauthConsent)
    .leftJoin(user, eq(user.id, oauthConsent.userId))
    .leftJoin(oauthClient, eq(oauthClient.clientId, oauthConsent.clientId))
    .where(eq(oauthConsent.id, id))
    .limit(1);
  return row;
}

export function consentView(row: NonNullable<ConsentRow> | Omit<NonNullable<ConsentRow>, "clientScopes">) {
  return {
    id: row.id,
    user_id: row.userId,
    user_email: row.userEmail ?? undefined,
    user_name: row.userName ?? undefined,
    client_id: row.clientId,
    client_name: row.clientName ?? undefined,
    scopes: row.scopes,
    granted_at: row.createdAt ? row.createdAt.toISOString() : undefined,
    updated_at: row.updatedAt ? row.updatedAt.toISOString() : undefined,
  };
}

/**
 * Narrows (or widens, within the client's scopes) a consent. Tokens minted under the old consent
 * may carry scopes it no longer grants, so removing any scope also revokes the user's tokens for
 * that client, in the same transaction.
 */
export async function updateConsentScopes(db: Db, consent: { id: string; userId: string | null; clientId: string; scopes: string[] }, scopes: string[]) {
  const removed = consent.scopes.some((scope) => !scopes.includes(scope));
  await db.transaction(async (tx) => {
    await tx.update(oauthConsent).set({ scopes, updatedAt: new Date() }).where(eq(oauthConsent.id, consent.id));
    if (removed && consent.userId) await deleteOAuthTokens(tx, { userId: consent.userId, clientId: consent.clientId });
  });
  return { tokensRevoked: removed };
}

/** Revoking a consent ends what it granted: the consent and the user's tokens for the client go together. */
export async function revokeConsent(db: Db, consent: { id: string; userId: string | null; clientId: string }) {
  return db.transaction(async (tx) => {
    await tx.delete(oauthConsent).where(eq(oauthConsent.id, consent.id));
    return consent.userId ? deleteOAuthTokens(tx, { userId: consent.userId, clientId: consent.clientId }) : { accessTokens: 0, refreshTokens: 0 };
  });
}
