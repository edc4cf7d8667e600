import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { ServerType } from "@hono/node-server";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createResourceReadPath, writeTokenPolicy } from "@iam/auth";
import { registerClient, testDatabaseKinds } from "@iam/testing";
import type { RegisteredClient } from "@iam/testing";
import { createApp } from "../app.ts";
import { createLogger } from "../http/logger.ts";
import * as f from "../security/fixture.ts";

/**
 * The read path against Better Auth's own endpoints: the same generated token states (stored
 * rows), the same requests, once through the server as configured (read path on) and once
 * through a second app on the same Better Auth and database with the read path off. Status, body
 * and the headers that matter must be identical.
 */

const HEADERS = ["www-authenticate", "cache-control", "pragma", "content-type", "access-control-expose-headers"] as const;

interface Answer {
  status: number;
  body: unknown;
  headers: Record<string, string | null>;
}

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: unknown = text;
  try {
    // Each answer has its own request id; everything else must match.
    const { request_id: _requestId, ...rest } = JSON.parse(text) as Record<string, unknown>;
    body = rest;
  } catch {
    // kept as text
  }
  const headers: Record<string, string | null> = {};
  for (const name of HEADERS) headers[name] = response.headers.get(name);
  return { status: response.status, body, headers };
}

const NAMES = ["Ada", "Ada Lovelace", " Ada  King Lovelace ", "", "Grace Brewster Hopper"];
const SCOPES = ["openid", "profile", "email", "organization", "offline_access", "api:read"];
const CLAIMS = ["name", "email", "picture", "given_name", "email_verified"];

/** True about one time in six: most generated states are live, so both paths answer "active" often. */
const rarely = fc.integer({ min: 0, max: 5 }).map((n) => n === 0);

const tokenState = fc.record({
  token: fc.constantFrom("opaque-a", "opaque-a", "opaque-b", "opaque-b", "credentials", "jwt", "unknown", "malformed"),
  expired: rarely,
  revoked: rarely,
  session: fc.constantFrom("live", "live", "none", "ended"),
  scopes: fc.subarray(SCOPES, { minLength: 0 }),
  requestedClaims: fc.subarray(CLAIMS),
  resources: rarely,
  dpopBound: rarely,
  clientDisabled: rarely,
  pairwise: rarely,
  user: fc.record({
    name: fc.constantFrom(...NAMES),
    image: fc.option(fc.constant("https://img.example/a.png"), { nil: null }),
    emailVerified: fc.boolean(),
    banned: fc.boolean(),
    organizationId: fc.option(fc.constant("org-1"), { nil: null }),
    role: fc.option(fc.constantFrom("user", "admin"), { nil: null }),
  }),
  request: fc.oneof(
    fc.record({
      kind: fc.constant("introspect" as const),
      caller: fc.constantFrom("issuer-basic", "issuer-basic", "issuer-basic", "issuer-post", "issuer-post", "other", "wrong-secret", "lowercase-basic", "none"),
      hint: fc.constantFrom(undefined, undefined, undefined, "access_token", "refresh_token", "bogus"),
      prefix: fc.constantFrom("", "", "", "Bearer "),
    }),
    fc.record({
      kind: fc.constant("userinfo" as const),
      scheme: fc.constantFrom("Bearer", "Bearer", "Bearer", "Bearer", "bearer", "DPoP", "Basic", "none"),
      dpopHeader: rarely,
    }),
  ),
});

/**
 * Half the cases keep a live token and a plain request (only the scopes, claims, user and which
 * request vary): those are the answers the read path gives itself.
 */
const caseState = fc.tuple(fc.boolean(), tokenState).map(
  ([live, state]): TokenState =>
    live
      ? {
          ...state,
          token: state.token === "opaque-b" ? "opaque-b" : "opaque-a",
          expired: false,
          revoked: false,
          session: state.session === "none" ? "none" : "live",
          resources: false,
          dpopBound: false,
          clientDisabled: false,
          pairwise: false,
        }
      : state,
);

type TokenState = typeof tokenState extends fc.Arbitrary<infer T> ? T : never;

describe.each(testDatabaseKinds())("the read path answers as Better Auth's endpoints on $label", (kind) => {
  let fx: f.SecurityFixture;
  let other: RegisteredClient;
  let jwtClient: RegisteredClient;
  let plugin: ServerType;
  let pluginOrigin: string;
  const tokens: Record<string, string> = {};
  let userId: string;

  beforeAll(async () => {
    fx = await f.startSecurityFixture(kind);
    other = await registerClient(fx.server, fx.admin, { skip_consent: true });
    jwtClient = await registerClient(fx.server, fx.admin, { skip_consent: true });
    await writeTokenPolicy(fx.server.database.db, jwtClient.client_id, { accessTokenFormat: "jwt" });
    tokens["opaque-a"] = (await f.issueTokens(fx.server, fx.user, fx.confidential, "openid profile email organization offline_access")).access_token;
    tokens["opaque-b"] = (await f.issueTokens(fx.server, fx.user, fx.confidential, "openid email")).access_token;
    tokens.jwt = (await f.issueTokens(fx.server, fx.user, jwtClient, "openid profile")).access_token;
    const credentials = await f.postForm(
      f.tokenUrl(fx.server),
      { grant_type: "client_credentials", scope: "api:read" },
      f.basic(fx.confidential.client_id, fx.confidential.client_secret),
    );
    tokens.credentials = String(credentials.json.access_token);
    tokens.unknown = randomBytes(24).toString("base64url");
    tokens.malformed = "not a token";
    const { rows } = await fx.server.database.sql.query("select user_id from oauth_access_token where user_id is not null limit 1", []);
    userId = String(rows[0]?.user_id);
    const pluginApp = createApp({
      auth: fx.server.auth,
      database: fx.server.database,
      logger: createLogger("silent"),
      webUrl: f.TEST_WEB_URL,
      trustedProxies: [],
      isReady: () => true,
      resourceReadPath: false,
    });
    plugin = await new Promise<ServerType>((resolve) => {
      const server = serve({ fetch: pluginApp.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(server));
    });
    pluginOrigin = `http://127.0.0.1:${(plugin.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => {
    await new Promise((resolve) => plugin.close(resolve));
    await f.closeExpectingNoServerErrors(fx);
  });

  async function store(state: TokenState): Promise<void> {
    const sql = fx.server.database.sql;
    const hour = 3600 * 1000;
    const expiresAt = new Date(Date.now() + (state.expired ? -hour : hour)).toISOString();
    // Every opaque row the pool issued takes the generated state; the JWT's row too.
    await sql.query(
      `update oauth_access_token set expires_at = $1, revoked = $2, scopes = $3, requested_user_info_claims = $4,
         resources = $5, confirmation = $6::text::jsonb, session_id = case when $7::boolean then null else coalesce(session_id, (select id from session where user_id = oauth_access_token.user_id limit 1)) end
       where user_id is not null`,
      [
        expiresAt,
        state.revoked ? new Date().toISOString() : null,
        state.scopes,
        state.requestedClaims.length ? state.requestedClaims : null,
        state.resources ? ["https://api.test.example/"] : null,
        state.dpopBound ? JSON.stringify({ jkt: "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I" }) : null,
        state.session === "none",
      ],
    );
    await sql.query("update oauth_access_token set expires_at = $1, revoked = $2 where user_id is null", [
      expiresAt,
      state.revoked ? new Date().toISOString() : null,
    ]);
    await sql.query("update session set expires_at = $1 where user_id = $2", [
      new Date(Date.now() + (state.session === "ended" ? -hour : 24 * hour)).toISOString(),
      userId,
    ]);
    await sql.query("update oauth_client set disabled = $1, subject_type = $2 where client_id = $3", [
      state.clientDisabled,
      state.pairwise ? "pairwise" : null,
      fx.confidential.client_id,
    ]);
    const u = state.user;
    await sql.query('update "user" set name = $1, image = $2, email_verified = $3, banned = $4, organization_id = $5, role = $6 where id = $7', [
      u.name,
      u.image,
      u.emailVerified,
      u.banned,
      u.organizationId,
      u.role,
      userId,
    ]);
  }

  function request(state: TokenState, origin: string): Request {
    const token = tokens[state.token] ?? "";
    const r = state.request;
    const headers: Record<string, string> = {};
    if (r.kind === "userinfo") {
      if (r.scheme !== "none") headers.authorization = `${r.scheme} ${token}`;
      if (r.dpopHeader) headers.dpop = "eyJ0eXAiOiJkcG9wK2p3dCJ9.e30.sig";
      return new Request(`${origin}/api/auth/oauth2/userinfo`, { headers });
    }
    const fields: Record<string, string> = { token: `${r.prefix}${token}` };
    if (r.hint) fields.token_type_hint = r.hint;
    const confidential = fx.confidential;
    if (r.caller === "issuer-basic") headers.authorization = f.basic(confidential.client_id, confidential.client_secret);
    if (r.caller === "lowercase-basic") headers.authorization = f.basic(confidential.client_id, confidential.client_secret).replace("Basic", "basic");
    if (r.caller === "wrong-secret") headers.authorization = f.basic(confidential.client_id, "not-the-secret");
    if (r.caller === "other") headers.authorization = f.basic(other.client_id, other.client_secret);
    if (r.caller === "issuer-post") Object.assign(fields, { client_id: confidential.client_id, client_secret: confidential.client_secret ?? "" });
    headers["content-type"] = "application/x-www-form-urlencoded";
    return new Request(`${origin}/api/auth/oauth2/introspect`, { method: "POST", headers, body: new URLSearchParams(fields).toString() });
  }

  it("gives the same status, body and headers for generated token states and requests", async () => {
    let active = 0;
    await fc.assert(
      fc.asyncProperty(caseState, async (state) => {
        await store(state);
        const ours = await answerOf(await fetch(request(state, fx.server.url)));
        const theirs = await answerOf(await fetch(request(state, pluginOrigin)));
        expect(ours).toEqual(theirs);
        const body = theirs.body as Record<string, unknown>;
        if (theirs.status === 200 && (body.active === true || typeof body.sub === "string")) active++;
      }),
      { numRuns: 150 },
    );
    // The comparison means something only if many answers were "active" (the read path's own).
    expect(active).toBeGreaterThan(15);
  }, 300_000);

  it("answers live tokens itself: active introspection and userinfo claims", async () => {
    await store({
      token: "opaque-a",
      expired: false,
      revoked: false,
      session: "live",
      scopes: ["openid", "profile", "email", "organization"],
      requestedClaims: [],
      resources: false,
      dpopBound: false,
      clientDisabled: false,
      pairwise: false,
      user: { name: "Ada King Lovelace", image: null, emailVerified: true, banned: false, organizationId: null, role: "user" },
      request: { kind: "userinfo", scheme: "Bearer", dpopHeader: false },
    });
    const info = await answerOf(await fetch(`${fx.server.issuer}/oauth2/userinfo`, { headers: { authorization: `Bearer ${tokens["opaque-a"]}` } }));
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ sub: userId, given_name: "Ada King", family_name: "Lovelace", organizationId: userId, role: "user" });
    const introspection = await f.introspect(fx.server, fx.confidential, tokens["opaque-a"] ?? "");
    expect(introspection).toMatchObject({ active: true, sub: userId, client_id: fx.confidential.client_id, token_type: "Bearer" });
    // Answered by the read path itself, not handed to the plugin: the same answers come straight from it.
    const reads = createResourceReadPath({ sql: fx.server.database.sql, issuer: fx.server.issuer });
    const direct = await reads.userinfo(new Request(`${fx.server.issuer}/oauth2/userinfo`, { headers: { authorization: `Bearer ${tokens["opaque-a"]}` } }));
    expect(await direct?.json()).toEqual(info.body);
    const directIntrospection = await reads.introspect(
      new Request(`${fx.server.issuer}/oauth2/introspect`, {
        method: "POST",
        headers: { authorization: f.basic(fx.confidential.client_id, fx.confidential.client_secret), "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ token: tokens["opaque-a"] ?? "" }).toString(),
      }),
    );
    expect(await directIntrospection?.json()).toEqual(introspection);
    // A revoked token is the plugin's to answer.
    await fx.server.database.sql.query("update oauth_access_token set revoked = $1 where user_id is not null", [new Date().toISOString()]);
    expect(
      await reads.userinfo(new Request(`${fx.server.issuer}/oauth2/userinfo`, { headers: { authorization: `Bearer ${tokens["opaque-a"]}` } })),
    ).toBeUndefined();
    expect((await fetch(`${fx.server.issuer}/oauth2/userinfo`, { headers: { authorization: `Bearer ${tokens["opaque-a"]}` } })).status).toBe(401);
  });
});
