import type { Db } from "@iam/db";
import { backchannelLogoutDelivery, oauthClient, oauthClientLogout } from "@iam/db/schema";
import { signJWT } from "better-auth/plugins/jwt";
import { and, asc, eq, inArray, isNull, lt, lte, or } from "drizzle-orm";
import type { SQL } from "drizzle-orm";
import { pairwiseSecretOf, subjectForClient } from "../pairwise.ts";
import type { SubjectClient } from "../pairwise.ts";
import { jwtOptions } from "../signing-keys.ts";

export const BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";
/** A logout token is used at once; two minutes cover clock skew between provider and client. */
const LOGOUT_TOKEN_LIFETIME_SECONDS = 120;
/** One attempt waits this long for the relying party. */
export const DELIVERY_TIMEOUT_MS = 5_000;
/** An instance holds the rows it claimed this long; past it (the instance died) another takes them. */
const CLAIM_MS = 60_000;
/** Retries stop this long after the logout: a relying party down for a day has other problems. */
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Waits before attempt 2, 3, …; the last one repeats until the window closes. */
export const RETRY_DELAYS_MS = [10_000, 30_000, 2 * 60_000, 10 * 60_000, 30 * 60_000, 60 * 60_000] as const;
const BATCH = 20;

/** What signing needs from Better Auth: its context (adapter, secret, issuer, plugins). */
export interface SigningContext {
  /** The issuer, `${BETTER_AUTH_URL}/api/auth`. */
  baseURL: string;
  /** Finds the oauth-provider plugin, whose pairwise key gives pairwise clients their `sub`. */
  getPlugin(id: string): unknown;
}
export type ContextSource = () => Promise<SigningContext>;

export function retryDelayMs(attempts: number): number {
  return RETRY_DELAYS_MS[Math.min(Math.max(attempts - 1, 0), RETRY_DELAYS_MS.length - 1)] ?? 60 * 60_000;
}

type DeliveryRow = typeof backchannelLogoutDelivery.$inferSelect;

/**
 * Claims due deliveries atomically: `FOR UPDATE SKIP LOCKED` and a lease, so two server
 * instances never send the same row at once, and a row an instance dropped comes back later.
 */
export async function claimDue(db: Db, now: Date, limit = BATCH): Promise<DeliveryRow[]> {
  const due = and(
    eq(backchannelLogoutDelivery.status, "pending"),
    lte(backchannelLogoutDelivery.nextAttemptAt, now),
    or(isNull(backchannelLogoutDelivery.claimedUntil), lt(backchannelLogoutDelivery.claimedUntil, now)),
  ) as SQL;
  const candidates = db
    .select({ id: backchannelLogoutDelivery.id })
    .from(backchannelLogoutDelivery)
    .where(due)
    .orderBy(asc(backchannelLogoutDelivery.nextAttemptAt))
    .limit(limit)
    .for("update", { skipLocked: true });
  return db
    .update(backchannelLogoutDelivery)
    .set({ claimedUntil: new Date(now.getTime() + CLAIM_MS) })
    .where(and(inArray(backchannelLogoutDelivery.id, candidates), due))
    .returning();
}

/** Signs the logout token (OIDC Back-Channel Logout 1.0 §2.4) with the JWKS signing key. */
async function signLogoutToken(context: SigningContext, row: DeliveryRow, sub: string, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  // signJWT reads only `ctx.context` (adapter, secret, options) to find and decrypt the key.
  const ctx = { context } as unknown as Parameters<typeof signJWT>[0];
  return signJWT(ctx, {
    options: jwtOptions,
    header: { typ: "logout+jwt" },
    payload: {
      iss: context.baseURL,
      aud: row.clientId,
      sub,
      ...(row.sessionId ? { sid: row.sessionId } : {}),
      iat,
      exp: iat + LOGOUT_TOKEN_LIFETIME_SECONDS,
      jti: row.id,
      events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
    },
  });
}

async function post(uri: string, token: string, fetchImpl: typeof fetch): Promise<string | null> {
  try {
    const response = await fetchImpl(uri, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({ logout_token: token }).toString(),
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      // A redirect is not a success, and following it would send the token elsewhere.
      redirect: "manual",
    });
    await response.body?.cancel();
    return response.status >= 200 && response.status < 300 ? null : `HTTP ${response.status}`;
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return error instanceof Error && error.name === "TimeoutError" ? "no answer within 5 s" : `unreachable${cause}`;
  }
}

export interface DeliveryOutcome {
  delivered: number;
  failed: number;
}

/** One pass: claim what is due, send each, record the outcome and the next attempt. */
export async function deliverDue(db: Db, context: ContextSource, fetchImpl: typeof fetch = fetch, now = new Date()): Promise<DeliveryOutcome> {
  const rows = await claimDue(db, now);
  if (rows.length === 0) return { delivered: 0, failed: 0 };
  const settings = await db
    .select()
    .from(oauthClientLogout)
    .where(inArray(oauthClientLogout.clientId, [...new Set(rows.map((row) => row.clientId))]));
  const uris = new Map(settings.map((row) => [row.clientId, row.uri]));
  const clients = new Map<string, SubjectClient>(
    (
      await db
        .select({ clientId: oauthClient.clientId, subjectType: oauthClient.subjectType, redirectUris: oauthClient.redirectUris })
        .from(oauthClient)
        .where(inArray(oauthClient.clientId, [...uris.keys()]))
    ).map((row) => [row.clientId, row]),
  );
  const signing = await context();
  const pairwiseSecret = pairwiseSecretOf(signing);
  const outcome: DeliveryOutcome = { delivered: 0, failed: 0 };
  await Promise.all(
    rows.map(async (row) => {
      const uri = uris.get(row.clientId);
      const attemptAt = new Date();
      const client = clients.get(row.clientId);
      const sub = client ? await subjectForClient(row.userId, client, pairwiseSecret) : row.userId;
      const error = uri ? await post(uri, await signLogoutToken(signing, row, sub, attemptAt), fetchImpl) : "back-channel logout no longer configured";
      const attempts = row.attempts + 1;
      if (error === null) {
        outcome.delivered++;
        await db
          .update(backchannelLogoutDelivery)
          .set({ status: "delivered", attempts, lastAttemptAt: attemptAt, deliveredAt: new Date(), claimedUntil: null, lastError: null })
          .where(eq(backchannelLogoutDelivery.id, row.id));
        return;
      }
      outcome.failed++;
      const next = new Date(attemptAt.getTime() + retryDelayMs(attempts));
      const givenUp = !uri || next.getTime() > row.createdAt.getTime() + RETRY_WINDOW_MS;
      await db
        .update(backchannelLogoutDelivery)
        .set({ status: givenUp ? "failed" : "pending", attempts, lastAttemptAt: attemptAt, nextAttemptAt: next, claimedUntil: null, lastError: error })
        .where(eq(backchannelLogoutDelivery.id, row.id));
    }),
  );
  return outcome;
}
