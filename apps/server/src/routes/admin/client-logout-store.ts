import type { Db } from "@iam/db";
import { backchannelLogoutDelivery, oauthClient, oauthClientLogout } from "@iam/db/schema";
import type { BackchannelLogoutStatus, OAuthClient } from "@iam/schemas";
import { and, count, desc, eq, inArray, max } from "drizzle-orm";

type LogoutSetting = typeof oauthClientLogout.$inferSelect;

export interface LogoutFields {
  backchannel_logout_uri?: string | null;
  backchannel_logout_session_required?: boolean;
}

/** Takes the back-channel fields out of a create or PATCH body: they are stored here, not by the plugin. */
export function splitLogoutFields<T extends LogoutFields>(body: T): { rest: Omit<T, keyof LogoutFields>; logout: LogoutFields } {
  const { backchannel_logout_uri, backchannel_logout_session_required, ...rest } = body;
  const logout: LogoutFields = {};
  if (backchannel_logout_uri !== undefined) logout.backchannel_logout_uri = backchannel_logout_uri;
  if (backchannel_logout_session_required !== undefined) logout.backchannel_logout_session_required = backchannel_logout_session_required;
  return { rest, logout };
}

/**
 * Writes a client's back-channel settings. Setting a URI also switches on `enable_end_session`:
 * the provider puts `sid` in ID tokens only for such clients, and without it a relying party
 * could not match a logout token's `sid` to its session.
 */
export async function writeLogoutFields(db: Db, clientId: string, logout: LogoutFields): Promise<void> {
  if (logout.backchannel_logout_uri === null) {
    await db.delete(oauthClientLogout).where(eq(oauthClientLogout.clientId, clientId));
    return;
  }
  const [current] = await db.select().from(oauthClientLogout).where(eq(oauthClientLogout.clientId, clientId));
  const uri = logout.backchannel_logout_uri ?? current?.uri;
  if (!uri) return;
  const sessionRequired = logout.backchannel_logout_session_required ?? current?.sessionRequired ?? false;
  await db
    .insert(oauthClientLogout)
    .values({ clientId, uri, sessionRequired, updatedAt: new Date() })
    .onConflictDoUpdate({ target: oauthClientLogout.clientId, set: { uri, sessionRequired, updatedAt: new Date() } });
  await db.update(oauthClient).set({ enableEndSession: true }).where(eq(oauthClient.clientId, clientId));
}

export async function logoutSettingsOf(db: Db, clientIds: readonly string[]): Promise<Map<string, LogoutSetting>> {
  if (clientIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(oauthClientLogout)
    .where(inArray(oauthClientLogout.clientId, [...clientIds]));
  return new Map(rows.map((row) => [row.clientId, row]));
}

/** A client's view with its back-channel settings added. */
export function withLogout(view: OAuthClient, setting: LogoutSetting | undefined): OAuthClient {
  return {
    ...view,
    ...(setting ? { backchannel_logout_uri: setting.uri } : {}),
    backchannel_logout_session_required: setting?.sessionRequired ?? false,
  };
}

const RECENT = 10;

/** What the console shows per client: how deliveries went, the last success and the last failure. */
export async function logoutStatus(db: Db, clientId: string): Promise<BackchannelLogoutStatus> {
  const [settings, byStatus, lastDelivered, recent] = await Promise.all([
    logoutSettingsOf(db, [clientId]),
    db
      .select({ status: backchannelLogoutDelivery.status, value: count() })
      .from(backchannelLogoutDelivery)
      .where(eq(backchannelLogoutDelivery.clientId, clientId))
      .groupBy(backchannelLogoutDelivery.status),
    db
      .select({ at: max(backchannelLogoutDelivery.deliveredAt) })
      .from(backchannelLogoutDelivery)
      .where(and(eq(backchannelLogoutDelivery.clientId, clientId), eq(backchannelLogoutDelivery.status, "delivered"))),
    db
      .select()
      .from(backchannelLogoutDelivery)
      .where(eq(backchannelLogoutDelivery.clientId, clientId))
      .orderBy(desc(backchannelLogoutDelivery.createdAt))
      .limit(RECENT),
  ]);
  const counts = Object.fromEntries(byStatus.map((row) => [row.status, row.value]));
  const lastFailure = recent.find((row) => row.lastError !== null);
  const iso = (date: Date | null | undefined) => (date ? date.toISOString() : undefined);
  return {
    configured: settings.has(clientId),
    backchannel_logout_uri: settings.get(clientId)?.uri,
    pending: counts.pending ?? 0,
    delivered: counts.delivered ?? 0,
    failed: counts.failed ?? 0,
    last_delivered_at: iso(lastDelivered[0]?.at),
    last_failure: lastFailure ? { at: iso(lastFailure.lastAttemptAt) ?? "", error: lastFailure.lastError ?? "" } : undefined,
    recent: recent.map((row) => ({
      status: row.status as "pending" | "delivered" | "failed",
      reason: row.reason,
      session: row.sessionId !== null,
      attempts: row.attempts,
      created_at: row.createdAt.toISOString(),
      last_attempt_at: iso(row.lastAttemptAt),
      next_attempt_at: row.status === "pending" ? row.nextAttemptAt.toISOString() : undefined,
      delivered_at: iso(row.deliveredAt),
      last_error: row.lastError ?? undefined,
    })),
  };
}

/** "Retry now": every undelivered logout of the client becomes due (given-up ones get one more try). */
export async function retryNow(db: Db, clientId: string): Promise<number> {
  const rows = await db
    .update(backchannelLogoutDelivery)
    .set({ status: "pending", nextAttemptAt: new Date(), claimedUntil: null })
    .where(and(eq(backchannelLogoutDelivery.clientId, clientId), inArray(backchannelLogoutDelivery.status, ["pending", "failed"])))
    .returning({ id: backchannelLogoutDelivery.id });
  return rows.length;
}
