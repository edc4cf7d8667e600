import { createHash } from "node:crypto";
import type { Db } from "@iam/db";
import { oauthAccessToken } from "@iam/db/schema";
import type { GenericEndpointContext } from "better-auth";
import { signJWT } from "better-auth/plugins";
import { eq } from "drizzle-orm";
import { decodeJwt } from "jose";
import { hashStoredToken } from "../crypto/token-hash.ts";
import { standardClaimsFor } from "../scopes.ts";
import { jwtOptions } from "../signing-keys.ts";
import { jwtLifetimeOf } from "./token-policy.ts";
import type { TokenPolicy } from "./token-policy.ts";

/** RFC 9068 §2.1: the media type of a JWT access token, in its `typ` header. */
export const JWT_ACCESS_TOKEN_TYPE = "at+jwt";

export interface TokenResponseBody {
  access_token?: unknown;
  id_token?: unknown;
  expires_in?: unknown;
  expires_at?: unknown;
  [field: string]: unknown;
}

type AccessRow = typeof oauthAccessToken.$inferSelect;

/** The row the plugin stored for an opaque access token it just issued. */
export async function findIssuedAccessToken(db: Db, accessToken: unknown): Promise<AccessRow | undefined> {
  if (typeof accessToken !== "string" || looksLikeJwt(accessToken)) return undefined;
  const [row] = await db
    .select()
    .from(oauthAccessToken)
    .where(eq(oauthAccessToken.token, await hashStoredToken(accessToken)))
    .limit(1);
  return row;
}

export const looksLikeJwt = (token: string) => token.split(".").length === 3;

/** OpenID Connect Core §3.1.3.6: left half of the SHA-256 of the token (RS256, PS256, ES256). */
function atHash(token: string): string {
  const digest = createHash("sha256").update(token, "ascii").digest();
  return digest.subarray(0, digest.length / 2).toString("base64url");
}

/**
 * Turns the plugin's opaque access token for a JWT-format client into an RFC 9068 JWT access
 * token with `aud` = the client_id (what a backend of that client checks, as with Authentik or
 * Keycloak). The plugin mints JWT access tokens only for a `resource` (whose identifier must be a
 * URI), so the client's own audience is minted here, over the row the plugin just stored: `jti` is
 * that row's id, so revoking the grant (consent, ban, deletion) makes introspection and userinfo
 * refuse the JWT as they refuse the opaque token. The opaque value itself is never handed out.
 */
export async function issueClientJwt(
  ctx: GenericEndpointContext,
  db: Db,
  body: TokenResponseBody,
  row: AccessRow,
  policy: TokenPolicy,
): Promise<TokenResponseBody | undefined> {
  if (!row.clientId || !row.expiresAt) return undefined;
  const iat = Math.floor(Date.now() / 1000);
  const exp = Math.min(Math.floor(row.expiresAt.getTime() / 1000), iat + jwtLifetimeOf(policy));
  // The row is what introspection consults: it ends when the JWT does.
  await db
    .update(oauthAccessToken)
    .set({ expiresAt: new Date(exp * 1000) })
    .where(eq(oauthAccessToken.id, row.id));
  const scopes = row.scopes ?? [];
  const user = row.userId ? await ctx.context.internalAdapter.findUserById(row.userId) : null;
  const claims = user ? standardClaimsFor(user as Parameters<typeof standardClaimsFor>[0], scopes) : {};
  const accessToken = await signJWT(ctx, {
    options: jwtOptions,
    header: { typ: JWT_ACCESS_TOKEN_TYPE },
    payload: {
      ...claims,
      iss: ctx.context.baseURL,
      sub: row.userId ?? row.clientId,
      aud: row.clientId,
      client_id: row.clientId,
      azp: row.clientId,
      scope: scopes.join(" "),
      ...(row.sessionId ? { sid: row.sessionId } : {}),
      iat,
      exp,
      jti: row.id,
    },
  });
  return {
    ...body,
    access_token: accessToken,
    expires_in: exp - iat,
    expires_at: exp,
    ...(typeof body.id_token === "string" ? { id_token: await withAtHash(ctx, body.id_token, accessToken) } : {}),
  };
}

/** The ID token's `at_hash` names the access token the client received: re-signed for the JWT. */
async function withAtHash(ctx: GenericEndpointContext, idToken: string, accessToken: string): Promise<string> {
  const payload = decodeJwt(idToken);
  if (typeof payload.at_hash !== "string") return idToken;
  return signJWT(ctx, { options: jwtOptions, payload: { ...payload, at_hash: atHash(accessToken) } });
}

/**
 * For a JWT this module minted (its `aud` is its own client): whether the grant behind it still
 * stands. Signature, issuer, expiry and session are the plugin's checks; this adds revocation.
 */
export async function clientJwtStillGranted(db: Db, token: string): Promise<boolean | undefined> {
  if (!looksLikeJwt(token)) return undefined;
  let payload: ReturnType<typeof decodeJwt>;
  try {
    payload = decodeJwt(token);
  } catch {
    return undefined;
  }
  if (typeof payload.azp !== "string" || payload.aud !== payload.azp || typeof payload.jti !== "string") return undefined;
  const [row] = await db
    .select({ expiresAt: oauthAccessToken.expiresAt, revoked: oauthAccessToken.revoked })
    .from(oauthAccessToken)
    .where(eq(oauthAccessToken.id, payload.jti))
    .limit(1);
  return Boolean(row && !row.revoked && row.expiresAt && row.expiresAt.getTime() > Date.now());
}
