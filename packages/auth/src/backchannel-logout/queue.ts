import { randomBytes } from "node:crypto";
import type { Db } from "@iam/db";
import { backchannelLogoutDelivery, oauthAccessToken, oauthClientLogout, oauthRefreshToken } from "@iam/db/schema";
import { eq, inArray } from "drizzle-orm";

/** Why a session ended; kept with each delivery so the console can say what caused it. */
export type LogoutReason = "session_ended" | "banned";

/** A client that received tokens in a session (or, `sessionId` null, for the user at large). */
export interface LogoutTarget {
  clientId: string;
  userId: string;
  sessionId: string | null;
}

type Reader = Pick<Db, "select" | "selectDistinct">;

function distinct(targets: LogoutTarget[]): LogoutTarget[] {
  const seen = new Map<string, LogoutTarget>();
  for (const target of targets) seen.set(`${target.clientId}\u0000${target.userId}\u0000${target.sessionId ?? ""}`, target);
  return [...seen.values()];
}

/**
 * The clients that received tokens in these sessions: every access or refresh token row still
 * names its session (revoked ones included; expired ones are pruned). Read before the sessions
 * go, since deleting a session clears the tokens' `session_id`.
 */
export async function targetsForSessions(db: Reader, sessions: readonly { id: string; userId: string }[]): Promise<LogoutTarget[]> {
  if (sessions.length === 0) return [];
  const ids = sessions.map((session) => session.id);
  const [access, refresh] = await Promise.all([
    db
      .selectDistinct({ clientId: oauthAccessToken.clientId, userId: oauthAccessToken.userId, sessionId: oauthAccessToken.sessionId })
      .from(oauthAccessToken)
      .where(inArray(oauthAccessToken.sessionId, ids)),
    db
      .selectDistinct({ clientId: oauthRefreshToken.clientId, userId: oauthRefreshToken.userId, sessionId: oauthRefreshToken.sessionId })
      .from(oauthRefreshToken)
      .where(inArray(oauthRefreshToken.sessionId, ids)),
  ]);
  return distinct([...access, ...refresh].flatMap((row) => (row.userId ? [{ clientId: row.clientId, userId: row.userId, sessionId: row.sessionId }] : [])));
}

/**
 * Every client holding tokens of the user, per session where the token names one. A ban deletes
 * the tokens before Better Auth deletes the sessions, so it reads them here first. Tokens whose
 * session already ended (refresh tokens with `offline_access` outlive it) give a `sub`-only
 * logout: the person is out at that client, whichever session.
 */
export async function targetsForUser(db: Reader, userId: string): Promise<LogoutTarget[]> {
  const [access, refresh] = await Promise.all([
    db
      .selectDistinct({ clientId: oauthAccessToken.clientId, sessionId: oauthAccessToken.sessionId })
      .from(oauthAccessToken)
      .where(eq(oauthAccessToken.userId, userId)),
    db
      .selectDistinct({ clientId: oauthRefreshToken.clientId, sessionId: oauthRefreshToken.sessionId })
      .from(oauthRefreshToken)
      .where(eq(oauthRefreshToken.userId, userId)),
  ]);
  return distinct([...access, ...refresh].map((row) => ({ clientId: row.clientId, userId, sessionId: row.sessionId })));
}

/** The back-channel settings of these clients (those without a URI cannot be told). */
export async function logoutSettings(db: Reader, clientIds: readonly string[]) {
  if (clientIds.length === 0) return new Map<string, { uri: string; sessionRequired: boolean }>();
  const rows = await db
    .select()
    .from(oauthClientLogout)
    .where(inArray(oauthClientLogout.clientId, [...clientIds]));
  return new Map(rows.map((row) => [row.clientId, { uri: row.uri, sessionRequired: row.sessionRequired }]));
}

/**
 * Queues one logout token per target whose client has a `backchannel_logout_uri`; returns how
 * many. A client that needs `sid` gets nothing for a target without a session: it could not
 * match it to anything.
 */
export async function queueLogouts(db: Db, targets: readonly LogoutTarget[], reason: LogoutReason, now = new Date()): Promise<number> {
  const settings = await logoutSettings(db, [...new Set(targets.map((target) => target.clientId))]);
  const rows = targets
    .filter((target) => {
      const client = settings.get(target.clientId);
      return client !== undefined && (target.sessionId !== null || !client.sessionRequired);
    })
    .map((target) => ({
      id: randomBytes(24).toString("base64url"),
      clientId: target.clientId,
      userId: target.userId,
      sessionId: target.sessionId,
      status: "pending",
      attempts: 0,
      nextAttemptAt: now,
      reason,
      createdAt: now,
    }));
  if (rows.length === 0) return 0;
  await db.insert(backchannelLogoutDelivery).values(rows);
  return rows.length;
}

/** Clients with back-channel logout configured among those the user holds tokens for. */
export async function notifiableClients(db: Reader, userId: string) {
  const targets = await targetsForUser(db, userId);
  const ids = [...new Set(targets.map((target) => target.clientId))];
  const settings = await logoutSettings(db, ids);
  return { notified: ids.filter((id) => settings.has(id)), unreachable: ids.filter((id) => !settings.has(id)) };
}
