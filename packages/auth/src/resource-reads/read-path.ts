import type { SqlExecutor } from "@iam/db";
import { hashStoredToken } from "../crypto/token-hash.ts";
import { introspectionBody, userInfoClaims } from "./claims.ts";
import { readAccessTokenStatus, sameSecretHash } from "./token-status.ts";

export interface ResourceReadPathDeps {
  sql: SqlExecutor;
  /** The issuer the plugin stamps on `iss` (Better Auth's base URL, `…/api/auth`). */
  issuer: string;
}

/**
 * Introspection and userinfo answered without Better Auth's endpoint pipeline, for the requests a
 * resource server makes on every API call: a live opaque access token, presented plainly. Each
 * function returns the answer, or `undefined` to hand the request to Better Auth's endpoint
 * unchanged, which then answers exactly as it would have: every error, every inactive token and
 * every feature this path leaves out (see `DeferReason`). So this path can only ever say "active"
 * where the plugin says so too, which the differential test checks on generated token states.
 */
export interface ResourceReadPath {
  introspect(request: Request): Promise<Response | undefined>;
  userinfo(request: Request): Promise<Response | undefined>;
}

const FORM = "application/x-www-form-urlencoded";
/** RFC 6750 b64token: what a plain `Authorization: Bearer` carries. */
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/;
/** RFC 6749 client credentials in HTTP Basic, without characters the two decoders might read differently. */
const PLAIN_CREDENTIAL = /^[A-Za-z0-9\-._~]+$/;
const INTROSPECTION_FIELDS = new Set(["token", "token_type_hint", "client_id", "client_secret"]);

interface ClientCredentials {
  clientId: string;
  clientSecret: string;
  method: "client_secret_basic" | "client_secret_post";
}

function json(body: Record<string, unknown>): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
}

/** The form's fields, or undefined when one repeats or is unknown (the plugin decides those). */
function singleFields(text: string): Map<string, string> | undefined {
  const fields = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(text)) {
    if (fields.has(name) || !INTROSPECTION_FIELDS.has(name)) return undefined;
    fields.set(name, value);
  }
  return fields;
}

function clientCredentials(authorization: string | null, fields: Map<string, string>): ClientCredentials | undefined {
  if (authorization !== null) {
    if (fields.has("client_id") || fields.has("client_secret") || !authorization.startsWith("Basic ")) return undefined;
    const decoded = Buffer.from(authorization.slice(6), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon <= 0) return undefined;
    const clientId = decoded.slice(0, colon);
    const clientSecret = decoded.slice(colon + 1);
    if (!PLAIN_CREDENTIAL.test(clientId) || !PLAIN_CREDENTIAL.test(clientSecret)) return undefined;
    // Only a canonical encoding: anything else is the plugin's to parse.
    if (Buffer.from(decoded, "utf8").toString("base64") !== authorization.slice(6)) return undefined;
    return { clientId, clientSecret, method: "client_secret_basic" };
  }
  const clientId = fields.get("client_id");
  const clientSecret = fields.get("client_secret");
  if (!clientId || !clientSecret) return undefined;
  return { clientId, clientSecret, method: "client_secret_post" };
}

export function createResourceReadPath({ sql, issuer }: ResourceReadPathDeps): ResourceReadPath {
  return {
    async introspect(request) {
      if (request.method !== "POST") return undefined;
      if ((request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase() !== FORM) return undefined;
      const fields = singleFields(await request.text());
      const token = fields?.get("token");
      if (!fields || !token || token.includes(" ")) return undefined;
      const hint = fields.get("token_type_hint");
      if (hint !== undefined && hint !== "access_token") return undefined;
      const credentials = clientCredentials(request.headers.get("authorization"), fields);
      if (!credentials) return undefined;
      const status = await readAccessTokenStatus(sql, token);
      if (status.kind !== "live") return undefined;
      const live = status.token;
      // Only the issuing client, authenticated by its current secret the way it registered; a
      // resource server introspecting another client's token, a rotated secret inside its overlap
      // window, or a wrong secret (which the failure throttle must see) all go to the plugin.
      if (live.clientId !== credentials.clientId || live.client.authMethod !== credentials.method || !live.client.secretHash) return undefined;
      if (!sameSecretHash(await hashStoredToken(credentials.clientSecret), live.client.secretHash)) return undefined;
      return json(introspectionBody(live, issuer));
    },

    async userinfo(request) {
      if (request.method !== "GET" || request.headers.has("dpop")) return undefined;
      const match = BEARER.exec(request.headers.get("authorization") ?? "");
      if (!match) return undefined;
      const status = await readAccessTokenStatus(sql, match[1]!);
      if (status.kind !== "live") return undefined;
      const { user, scopes, requestedUserInfoClaims } = status.token;
      if (!user || !scopes.includes("openid")) return undefined;
      return json(userInfoClaims(user, scopes, requestedUserInfoClaims));
    },
  };
}
