import { timingSafeEqual } from "node:crypto";
import type { SqlExecutor, SqlRow } from "@iam/db";
import { hashStoredToken } from "../crypto/token-hash.ts";

/**
 * The rows behind one opaque access token, read in one statement from exactly the tables and
 * stored forms the OAuth plugin writes: the token by its stored hash (`storeTokens`, SHA-256
 * base64url), its client, its session and its user. Nothing is cached: a token revoked, a consent
 * withdrawn, a session ended or a user deleted a moment ago is seen by the next read, on any
 * instance.
 */
const TOKEN_ROWS = `select t.client_id, t.session_id, t.user_id, t.resources, t.requested_user_info_claims,
  t.expires_at, t.created_at, t.revoked, (t.confirmation is not null) as bound, t.scopes,
  c.client_id as c_client_id, c.disabled as c_disabled, c.subject_type as c_subject_type,
  c.client_discovery_id as c_discovery_id, c.token_endpoint_auth_method as c_auth_method,
  c.client_secret as c_secret,
  s.id as s_id, s.expires_at as s_expires_at,
  u.id as u_id, u.name as u_name, u.email as u_email, u.email_verified as u_email_verified,
  u.image as u_image, u.role as u_role, u.organization_id as u_organization_id
from oauth_access_token t
left join oauth_client c on c.client_id = t.client_id
left join session s on s.id = t.session_id
left join "user" u on u.id = t.user_id
where t.token = $1
limit 1`;

export interface TokenUser {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
  image: string | null;
  role: string | null;
  organizationId: string | null;
}

/** A live opaque access token the read path may answer for itself. */
export interface LiveAccessToken {
  clientId: string;
  /** The stored client secret hash and registered method, for introspection's caller check. */
  client: { secretHash: string | null; authMethod: string };
  sessionId: string | undefined;
  user: TokenUser | undefined;
  scopes: string[];
  requestedUserInfoClaims: string[];
  expiresAt: Date;
  createdAt: Date;
}

/**
 * Why the read path hands a token to the plugin instead of answering. Every case but "live" is
 * answered by Better Auth's own endpoint, which stays the reference for errors, inactive answers
 * and the features this path does not cover (JWT access tokens, DPoP-bound tokens, resource
 * audiences, pairwise subjects, client discovery).
 */
export type TokenStatus = { kind: "live"; token: LiveAccessToken } | { kind: "defer"; reason: DeferReason };

export type DeferReason =
  | "jwt"
  | "not_found"
  | "expired"
  | "revoked"
  | "no_client"
  | "client_disabled"
  | "client_discovery"
  | "pairwise"
  | "resources"
  | "dpop_bound"
  | "session_ended"
  | "user_missing";

/** `timestamp` columns come back as UTC wall-clock text (see @iam/db's SqlExecutor). */
function utc(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value !== "string") return undefined;
  return new Date(`${value}+0000`);
}

function textArray(value: unknown): string[] | null {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : null;
}

/** A JWS compact serialization: the plugin verifies those as JWT access tokens. */
export function looksLikeJwt(token: string): boolean {
  return token.split(".").length === 3;
}

export function sameSecretHash(presented: string, stored: string): boolean {
  const left = Buffer.from(presented);
  const right = Buffer.from(stored);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function tokenStatusOf(row: SqlRow | undefined, now: Date): TokenStatus {
  const defer = (reason: DeferReason): TokenStatus => ({ kind: "defer", reason });
  if (!row) return defer("not_found");
  const expiresAt = utc(row.expires_at);
  const createdAt = utc(row.created_at);
  // The plugin: `!expiresAt || expiresAt < now` is inactive.
  if (!expiresAt || !createdAt || expiresAt < now) return defer("expired");
  if (row.revoked !== null && row.revoked !== undefined) return defer("revoked");
  if (typeof row.client_id !== "string" || typeof row.c_client_id !== "string") return defer("no_client");
  if (row.c_disabled === true) return defer("client_disabled");
  if (row.c_discovery_id !== null && row.c_discovery_id !== undefined) return defer("client_discovery");
  if (row.c_subject_type === "pairwise") return defer("pairwise");
  const resources = textArray(row.resources);
  if (row.resources !== null && row.resources !== undefined && (resources === null || resources.length > 0)) return defer("resources");
  if (row.bound === true) return defer("dpop_bound");
  let sessionId: string | undefined;
  if (typeof row.session_id === "string") {
    const sessionExpiresAt = utc(row.s_expires_at);
    // The plugin: the session must exist and `expiresAt >= now`.
    if (typeof row.s_id !== "string" || !sessionExpiresAt || sessionExpiresAt < now) return defer("session_ended");
    sessionId = row.session_id;
  }
  let user: TokenUser | undefined;
  if (typeof row.user_id === "string") {
    if (typeof row.u_id !== "string") return defer("user_missing");
    user = {
      id: row.u_id,
      name: String(row.u_name ?? ""),
      email: String(row.u_email ?? ""),
      emailVerified: row.u_email_verified === true,
      image: typeof row.u_image === "string" ? row.u_image : null,
      role: typeof row.u_role === "string" ? row.u_role : null,
      organizationId: typeof row.u_organization_id === "string" ? row.u_organization_id : null,
    };
  }
  return {
    kind: "live",
    token: {
      clientId: row.client_id,
      client: {
        secretHash: typeof row.c_secret === "string" ? row.c_secret : null,
        authMethod: typeof row.c_auth_method === "string" ? row.c_auth_method : "client_secret_basic",
      },
      sessionId,
      user,
      scopes: textArray(row.scopes) ?? [],
      requestedUserInfoClaims: textArray(row.requested_user_info_claims) ?? [],
      expiresAt,
      createdAt,
    },
  };
}

/** Finds an opaque access token by its stored hash and says whether it is live. */
export async function readAccessTokenStatus(sql: SqlExecutor, token: string, now = new Date()): Promise<TokenStatus> {
  if (looksLikeJwt(token)) return { kind: "defer", reason: "jwt" };
  const { rows } = await sql.query(TOKEN_ROWS, [await hashStoredToken(token)]);
  return tokenStatusOf(rows[0], now);
}
