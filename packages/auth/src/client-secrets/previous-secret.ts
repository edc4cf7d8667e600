import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "@iam/db";
import { oauthClient, oauthClientPreviousSecret } from "@iam/db/schema";
import { and, eq, gt } from "drizzle-orm";
import { hashStoredToken } from "../crypto/token-hash.ts";

/** The windows the console offers: none, 1 hour, 24 hours, 7 days. The API takes any value up to the last. */
export const SECRET_OVERLAP_CHOICES = [0, 3600, 86_400, 604_800] as const;
export const MAX_SECRET_OVERLAP_SECONDS = 604_800;

export const SECRET_ROTATION_ERRORS = {
  notFound: "not_found",
  publicClient: "public_client",
} as const;
export type SecretRotationError = (typeof SECRET_ROTATION_ERRORS)[keyof typeof SECRET_ROTATION_ERRORS];

export type RotationResult = { ok: true; clientSecret: string; previousSecretExpiresAt: Date | null } | { ok: false; error: SecretRotationError };

export interface PreviousSecretState {
  rotatedAt: Date;
  expiresAt: Date;
}

type Executor = Pick<Db, "select" | "update" | "insert" | "delete">;

/** Letters only, 32 of them, like the plugin's own secrets (`generateRandomString(32, "a-z", "A-Z")`), without modulo bias. */
export function generateClientSecret(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  const out: string[] = [];
  while (out.length < 32) {
    for (const byte of randomBytes(48)) if (byte < 208 && out.length < 32) out.push(alphabet[byte % 52] as string);
  }
  return out.join("");
}

/**
 * Issues a new secret and, in the same transaction, keeps the replaced one valid for
 * `overlapSeconds` (0: it stops at once, and so does any secret kept from an earlier rotation).
 * One transaction, so no instant exists where neither secret works. The plugin's own rotation
 * (`/oauth2/client/rotate-secret`) writes the new secret alone, which would leave that instant.
 */
export async function rotateClientSecret(db: Db, clientId: string, overlapSeconds: number, now = new Date()): Promise<RotationResult> {
  return db.transaction(async (tx) => {
    const [client] = await tx
      .select({ secret: oauthClient.clientSecret, method: oauthClient.tokenEndpointAuthMethod })
      .from(oauthClient)
      .where(eq(oauthClient.clientId, clientId))
      .for("update")
      .limit(1);
    if (!client) return { ok: false, error: SECRET_ROTATION_ERRORS.notFound };
    if (client.method === "none" || !client.secret) return { ok: false, error: SECRET_ROTATION_ERRORS.publicClient };
    const clientSecret = generateClientSecret();
    await tx
      .update(oauthClient)
      .set({ clientSecret: await hashStoredToken(clientSecret), updatedAt: now })
      .where(eq(oauthClient.clientId, clientId));
    const previousSecretExpiresAt = await keepPreviousSecret(tx, clientId, client.secret, overlapSeconds, now);
    return { ok: true, clientSecret, previousSecretExpiresAt };
  });
}

async function keepPreviousSecret(executor: Executor, clientId: string, secretHash: string, overlapSeconds: number, now: Date) {
  if (overlapSeconds <= 0) {
    await executor.delete(oauthClientPreviousSecret).where(eq(oauthClientPreviousSecret.clientId, clientId));
    return null;
  }
  const expiresAt = new Date(now.getTime() + Math.min(overlapSeconds, MAX_SECRET_OVERLAP_SECONDS) * 1000);
  const row = { clientId, secretHash, expiresAt, rotatedAt: now };
  await executor
    .insert(oauthClientPreviousSecret)
    .values(row)
    .onConflictDoUpdate({ target: oauthClientPreviousSecret.clientId, set: { secretHash, expiresAt, rotatedAt: now } });
  return expiresAt;
}

/** The previous secret while it still works; null once the window is over (or there was none). */
export async function previousSecretState(db: Pick<Db, "select">, clientId: string, now = new Date()): Promise<PreviousSecretState | null> {
  const [row] = await db
    .select({ rotatedAt: oauthClientPreviousSecret.rotatedAt, expiresAt: oauthClientPreviousSecret.expiresAt })
    .from(oauthClientPreviousSecret)
    .where(and(eq(oauthClientPreviousSecret.clientId, clientId), gt(oauthClientPreviousSecret.expiresAt, now)))
    .limit(1);
  return row ?? null;
}

/** Ends the window now: the previous secret is refused from the next request on. True if one was still valid. */
export async function endSecretOverlap(db: Pick<Db, "delete">, clientId: string, now = new Date()): Promise<boolean> {
  const deleted = await db
    .delete(oauthClientPreviousSecret)
    .where(eq(oauthClientPreviousSecret.clientId, clientId))
    .returning({ expiresAt: oauthClientPreviousSecret.expiresAt });
  return deleted.some((row) => row.expiresAt > now);
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * `storeClientSecret` for `oauthProvider()`: the plugin's stored form (see crypto/token-hash.ts),
 * and a `verify` that also accepts the client's previous secret inside its window. The plugin
 * hands `verify` only the stored hash, which identifies the client (a hash of a random secret);
 * the previous secret counts only while it belongs to the client whose current hash that is.
 * Only a presented secret that is not the current one costs a query.
 */
export function secretStorageWithOverlap(db: Pick<Db, "select">) {
  return {
    hash: hashStoredToken,
    verify: async (clientSecret: string, storedHash: string): Promise<boolean> => {
      const presented = await hashStoredToken(clientSecret);
      if (sameHash(presented, storedHash)) return true;
      const [match] = await db
        .select({ clientId: oauthClientPreviousSecret.clientId })
        .from(oauthClientPreviousSecret)
        .innerJoin(oauthClient, eq(oauthClient.clientId, oauthClientPreviousSecret.clientId))
        .where(
          and(
            eq(oauthClientPreviousSecret.secretHash, presented),
            eq(oauthClient.clientSecret, storedHash),
            gt(oauthClientPreviousSecret.expiresAt, new Date()),
          ),
        )
        .limit(1);
      return match !== undefined;
    },
  };
}
