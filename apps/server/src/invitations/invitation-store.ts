import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Db } from "@iam/db";
import { invitation, user } from "@iam/db/schema";
import type { InvitationView } from "@iam/schemas";
import { and, count, desc, eq, gt, ilike, isNull, lte, sql } from "drizzle-orm";
import type { SQL } from "drizzle-orm";

export type InvitationRow = typeof invitation.$inferSelect;
export type InvitationStatus = InvitationView["status"];

const DAY_MS = 86_400_000;

/** The link's secret: only its SHA-256 is stored, so a database dump holds no usable link. */
export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

function newToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashInvitationToken(token) };
}

export function invitationStatus(row: InvitationRow, now = new Date()): InvitationStatus {
  if (row.revokedAt) return "revoked";
  if (row.acceptedAt) return "accepted";
  return row.expiresAt <= now ? "expired" : "pending";
}

export function invitationView(row: InvitationRow): InvitationView {
  return {
    id: row.id,
    email: row.email,
    role: row.role === "admin" ? "admin" : "user",
    status: invitationStatus(row),
    invited_by: row.invitedBy,
    created_at: row.createdAt.toISOString(),
    expires_at: row.expiresAt.toISOString(),
    last_sent_at: row.lastSentAt.toISOString(),
    accepted_at: row.acceptedAt?.toISOString() ?? null,
    accepted_user_id: row.acceptedUserId,
  };
}

const open = (now: Date) => and(isNull(invitation.revokedAt), isNull(invitation.acceptedAt), gt(invitation.expiresAt, now));

function statusFilter(status: InvitationStatus | undefined, now: Date): SQL | undefined {
  if (status === "pending") return open(now);
  if (status === "revoked") return sql`${invitation.revokedAt} is not null`;
  if (status === "accepted") return sql`${invitation.acceptedAt} is not null`;
  if (status === "expired") return and(isNull(invitation.revokedAt), isNull(invitation.acceptedAt), lte(invitation.expiresAt, now));
  return undefined;
}

export async function listInvitations(db: Db, query: { status?: InvitationStatus; q?: string; limit: number; offset: number }) {
  const now = new Date();
  const where = and(statusFilter(query.status, now), query.q ? ilike(invitation.email, `%${query.q.replace(/[\\%_]/g, "\\$&")}%`) : undefined);
  const [rows, totals] = await Promise.all([
    db.select().from(invitation).where(where).orderBy(desc(invitation.createdAt), desc(invitation.id)).limit(query.limit).offset(query.offset),
    db.select({ total: count() }).from(invitation).where(where),
  ]);
  return { items: rows.map(invitationView), total: totals[0]?.total ?? 0, limit: query.limit, offset: query.offset };
}

export async function accountExists(db: Db, email: string): Promise<boolean> {
  const rows = await db.select({ id: user.id }).from(user).where(eq(user.email, email.toLowerCase())).limit(1);
  return rows.length > 0;
}

/** A new invitation; an open one to the same address is revoked (its link stops working). */
export async function createInvitation(db: Db, input: { email: string; role: "user" | "admin"; invitedBy: string; expiresInDays: number }) {
  const now = new Date();
  const email = input.email.toLowerCase();
  const { token, tokenHash } = newToken();
  const row = await db.transaction(async (tx) => {
    await tx
      .update(invitation)
      .set({ revokedAt: now })
      .where(and(eq(invitation.email, email), open(now)));
    const [created] = await tx
      .insert(invitation)
      .values({
        id: randomUUID(),
        email,
        role: input.role,
        tokenHash,
        invitedBy: input.invitedBy,
        createdAt: now,
        lastSentAt: now,
        expiresAt: new Date(now.getTime() + input.expiresInDays * DAY_MS),
      })
      .returning();
    return created;
  });
  if (!row) throw new Error("invitation insert returned no row");
  return { row, token };
}

/** A fresh link (the previous one stops working) and a fresh validity period; not for accepted or revoked ones. */
export async function renewInvitation(db: Db, id: string, days = 7) {
  const now = new Date();
  const { token, tokenHash } = newToken();
  const [row] = await db
    .update(invitation)
    .set({ tokenHash, lastSentAt: now, expiresAt: new Date(now.getTime() + days * DAY_MS) })
    .where(and(eq(invitation.id, id), isNull(invitation.revokedAt), isNull(invitation.acceptedAt)))
    .returning();
  return row ? { row, token } : undefined;
}

export async function revokeInvitation(db: Db, id: string) {
  const [row] = await db
    .update(invitation)
    .set({ revokedAt: new Date() })
    .where(and(eq(invitation.id, id), isNull(invitation.revokedAt), isNull(invitation.acceptedAt)))
    .returning();
  return row;
}

export async function findOpenInvitation(db: Db, token: string) {
  const now = new Date();
  const [row] = await db
    .select()
    .from(invitation)
    .where(and(eq(invitation.tokenHash, hashInvitationToken(token)), open(now)))
    .limit(1);
  return row;
}

/** Marks it used, unless someone else did first; the row is returned only to the one that did. */
export async function markAccepted(db: Db, id: string, userId: string) {
  const [row] = await db
    .update(invitation)
    .set({ acceptedAt: new Date(), acceptedUserId: userId })
    .where(and(eq(invitation.id, id), isNull(invitation.acceptedAt), isNull(invitation.revokedAt)))
    .returning();
  return row;
}
