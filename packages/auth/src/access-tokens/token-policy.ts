import { randomUUID } from "node:crypto";
import type { Db } from "@iam/db";
import { oauthClientTokenPolicy, oauthResource } from "@iam/db/schema";
import { and, eq, inArray, sql } from "drizzle-orm";

export const ACCESS_TOKEN_FORMATS = ["opaque", "jwt"] as const;
export type AccessTokenFormat = (typeof ACCESS_TOKEN_FORMATS)[number];

export const REFRESH_TOKEN_POLICIES = ["offline_access", "always"] as const;
export type RefreshTokenPolicy = (typeof REFRESH_TOKEN_POLICIES)[number];

/**
 * A JWT access token cannot be recalled before it expires (a resource server verifies it alone),
 * so it lives shorter than the plugin's opaque hour: 10 minutes unless the client says otherwise,
 * between 1 minute and 1 hour.
 */
export const JWT_ACCESS_TOKEN_LIFETIME = { default: 600, min: 60, max: 3600 } as const;

export interface TokenPolicy {
  accessTokenFormat: AccessTokenFormat;
  /** Seconds; null means {@link JWT_ACCESS_TOKEN_LIFETIME}.default. */
  accessTokenLifetime: number | null;
  refreshTokenPolicy: RefreshTokenPolicy;
  /** Authorizations for this client need a second factor (see second-factor/factor-policy.ts). */
  requireSecondFactor: boolean;
}

export const DEFAULT_TOKEN_POLICY: TokenPolicy = {
  accessTokenFormat: "opaque",
  accessTokenLifetime: null,
  refreshTokenPolicy: "offline_access",
  requireSecondFactor: false,
};

/**
 * Marks the `oauth_resource` row that stands for a client itself as an audience (its `aud` is the
 * client_id, which is not a URI and so cannot be requested as `resource=`). The plugin accepts a
 * JWT at introspection and userinfo only when each audience is a resource row.
 */
export const CLIENT_AUDIENCE_KIND = "client_audience";

type PolicyRow = typeof oauthClientTokenPolicy.$inferSelect;

function fromRow(row: PolicyRow | undefined): TokenPolicy {
  if (!row) return DEFAULT_TOKEN_POLICY;
  return {
    accessTokenFormat: row.accessTokenFormat === "jwt" ? "jwt" : "opaque",
    accessTokenLifetime: row.accessTokenLifetime,
    refreshTokenPolicy: row.refreshTokenPolicy === "always" ? "always" : "offline_access",
    requireSecondFactor: row.requireSecondFactor,
  };
}

export function jwtLifetimeOf(policy: TokenPolicy): number {
  return policy.accessTokenLifetime ?? JWT_ACCESS_TOKEN_LIFETIME.default;
}

export async function readTokenPolicy(db: Db, clientId: string): Promise<TokenPolicy> {
  const [row] = await db.select().from(oauthClientTokenPolicy).where(eq(oauthClientTokenPolicy.clientId, clientId)).limit(1);
  return fromRow(row);
}

export async function readTokenPolicies(db: Db, clientIds: readonly string[]): Promise<Map<string, TokenPolicy>> {
  const policies = new Map<string, TokenPolicy>();
  if (clientIds.length === 0) return policies;
  const rows = await db
    .select()
    .from(oauthClientTokenPolicy)
    .where(inArray(oauthClientTokenPolicy.clientId, [...clientIds]));
  for (const row of rows) policies.set(row.clientId, fromRow(row));
  return policies;
}

/** Merges `change` into the stored policy (absent fields keep their value) and stores it. */
export async function writeTokenPolicy(db: Db, clientId: string, change: Partial<TokenPolicy>): Promise<TokenPolicy> {
  const next = { ...(await readTokenPolicy(db, clientId)), ...change };
  await db
    .insert(oauthClientTokenPolicy)
    .values({ clientId, ...next, updatedAt: new Date() })
    .onConflictDoUpdate({ target: oauthClientTokenPolicy.clientId, set: { ...next, updatedAt: new Date() } });
  if (next.accessTokenFormat === "jwt") {
    const now = new Date();
    await db
      .insert(oauthResource)
      .values({
        id: randomUUID(),
        identifier: clientId,
        name: `Client ${clientId}`,
        createdAt: now,
        updatedAt: now,
        metadata: { kind: CLIENT_AUDIENCE_KIND },
      })
      .onConflictDoNothing({ target: oauthResource.identifier });
  }
  return next;
}

/** A deleted client's audience row (its policy row goes with the client, ON DELETE CASCADE). */
export async function forgetClientAudience(db: Db, clientId: string): Promise<void> {
  await db.delete(oauthResource).where(and(eq(oauthResource.identifier, clientId), sql`${oauthResource.metadata}->>'kind' = ${CLIENT_AUDIENCE_KIND}`));
}
