import { createHash, randomBytes } from "node:crypto";
import jwt from "jsonwebtoken";
import type { JwtPayload } from "jsonwebtoken";
import { passportJwtSecret } from "jwks-rsa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, completeAuthorization, registerClient, RP_REDIRECT_URI, signInAdmin, signUp, testDatabaseKinds, startTestServerOn } from "@iam/testing";
import type { BrowserAgent, RegisteredClient, TestServer } from "@iam/testing";

/**
 * The seed guides' relying party (a NestJS API behind a Next.js front end, written for Authentik),
 * pointed at this provider with the guide's own libraries: passport-jwt's `passportJwtSecret`
 * (jwks-rsa) and `jsonwebtoken`. Its login sends `state` only (no PKCE, no nonce), its backend
 * exchanges the code with client_secret_post, verifies the access token with audience = client_id
 * and the issuer, and refreshes with the refresh token of `openid email profile organization`.
 */

const GUIDE_SCOPE = "openid email profile organization";

interface TokenAnswer {
  access_token?: string;
  refresh_token?: string;
  id_token?: string;
  scope?: string;
  expires_in?: number;
  error?: string;
  error_description?: string;
}

/** The guide's `exchangeCode`: a form post to the token endpoint with client_secret_post. */
async function tokenRequest(server: TestServer, fields: Record<string, string>): Promise<{ status: number; body: TokenAnswer }> {
  const response = await fetch(`${server.issuer}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, body: (await response.json()) as TokenAnswer };
}

/** The guide's JwtStrategy: secretOrKeyProvider from jwks-rsa, then jsonwebtoken with audience and issuer. */
function guideVerify(server: TestServer, clientId: string, token: string): Promise<JwtPayload> {
  const secretOrKeyProvider = passportJwtSecret({ cache: true, rateLimit: true, jwksRequestsPerMinute: 5, jwksUri: `${server.issuer}/jwks` });
  return new Promise((resolve, reject) => {
    secretOrKeyProvider(undefined, token, (error, key) => {
      if (error || !key) return reject(error ?? new Error("no signing key"));
      jwt.verify(token, key, { audience: clientId, issuer: server.issuer, algorithms: ["RS256"] }, (verifyError, payload) =>
        verifyError ? reject(verifyError) : resolve(payload as JwtPayload),
      );
    });
  });
}

describe.each(testDatabaseKinds())("the seed guides' relying party on $label", (kind) => {
  let server: TestServer;
  let admin: BrowserAgent;
  let user: BrowserAgent;
  let client: RegisteredClient;

  /** The guide's `/auth/login`: response_type=code, the four scopes and state; no PKCE, no nonce. */
  async function guideLogin(): Promise<string> {
    const state = randomBytes(16).toString("base64url");
    const authorize = new URL(`${server.issuer}/oauth2/authorize`);
    authorize.search = new URLSearchParams({
      response_type: "code",
      client_id: client.client_id,
      redirect_uri: RP_REDIRECT_URI,
      scope: GUIDE_SCOPE,
      state,
    }).toString();
    const callback = new URL(await completeAuthorization(user, server.url, authorize.toString()));
    expect(callback.searchParams.get("state")).toBe(state);
    const code = callback.searchParams.get("code");
    if (!code) throw new Error(`no code in ${callback}`);
    return code;
  }

  const exchange = (code: string, secret = client.client_secret ?? "") =>
    tokenRequest(server, { grant_type: "authorization_code", code, redirect_uri: RP_REDIRECT_URI, client_id: client.client_id, client_secret: secret });

  beforeAll(async () => {
    server = await startTestServerOn(kind);
    user = await signUp(server, "guide-user@test.example", "guide-password-123", "Guide User");
    admin = await signInAdmin(server);
    client = await registerClient(server, admin, {
      client_name: "ecosire-web",
      token_endpoint_auth_method: "client_secret_post",
      require_pkce: false,
      access_token_format: "jwt",
      refresh_token_policy: "always",
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("the admin API stores the client's token settings", async () => {
    expect(client).toMatchObject({ access_token_format: "jwt", refresh_token_policy: "always", access_token_lifetime: 600 });
    const read = await callApi(server, admin, "GET", `/api/admin/oauth-clients/${client.client_id}`);
    expect(read.body).toMatchObject({ access_token_format: "jwt", refresh_token_policy: "always", require_pkce: false, access_token_lifetime: 600 });
    const bad = await callApi(server, admin, "PATCH", `/api/admin/oauth-clients/${client.client_id}`, { access_token_lifetime: 86_400 });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe("invalid_request");
    // Always-issued refresh tokens carry offline_access: a scope list without it is refused, not half-applied.
    const narrowed = await callApi(server, admin, "PATCH", `/api/admin/oauth-clients/${client.client_id}`, { scope: "openid email profile organization" });
    expect(narrowed.status).toBe(400);
    expect(String(narrowed.body.error_description)).toContain("offline_access");
    const noRefreshGrant = await callApi(server, admin, "POST", "/api/admin/oauth-clients", {
      client_name: "x",
      redirect_uris: ["http://localhost:8765/callback"],
      application_type: "native",
      grant_types: ["authorization_code"],
      refresh_token_policy: "always",
    });
    expect(noRefreshGrant.status).toBe(400);
    const unchanged = await callApi(server, admin, "GET", `/api/admin/oauth-clients/${client.client_id}`);
    expect(unchanged.body.scope).toBeUndefined();
  });

  it("signs in without PKCE, verifies the access token as the guide does, and refreshes", async () => {
    const { status, body } = await exchange(await guideLogin());
    expect(body.error_description ?? "").toBe("");
    expect(status).toBe(200);
    const accessToken = body.access_token ?? "";
    expect(jwt.decode(accessToken, { complete: true })?.header).toMatchObject({ typ: "at+jwt", alg: "RS256" });

    const payload = await guideVerify(server, client.client_id, accessToken);
    const userId = payload.sub;
    expect(payload).toMatchObject({
      iss: server.issuer,
      aud: client.client_id,
      client_id: client.client_id,
      email: "guide-user@test.example",
      email_verified: false,
      name: "Guide User",
      organizationId: userId,
      role: "user",
    });
    expect(payload.scope?.split(" ")).toEqual(expect.arrayContaining(GUIDE_SCOPE.split(" ")));
    expect(typeof payload.jti).toBe("string");
    // The lifetime the client was given (10 minutes by default), not the opaque hour.
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(600);
    expect(body.expires_in).toBe(600);
    // The ID token's at_hash names the JWT the client received (OpenID Connect Core §3.1.3.6).
    const digest = createHash("sha256").update(accessToken).digest();
    expect((jwt.decode(body.id_token ?? "") as JwtPayload).at_hash).toBe(digest.subarray(0, 16).toString("base64url"));
    await expect(guideVerify(server, client.client_id, body.id_token ?? "")).resolves.toMatchObject({ sub: userId });

    // A JWT meant for another audience is refused by the same verification.
    await expect(guideVerify(server, "another-client", accessToken)).rejects.toThrow(/audience/);

    // The refresh token the guide stores in its /auth/refresh cookie, usable at the refresh grant.
    expect(body.refresh_token).toEqual(expect.any(String));
    const refreshed = await tokenRequest(server, {
      grant_type: "refresh_token",
      refresh_token: body.refresh_token ?? "",
      client_id: client.client_id,
      client_secret: client.client_secret ?? "",
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).toEqual(expect.any(String));
    expect(refreshed.body.refresh_token).not.toBe(body.refresh_token);
    const again = await guideVerify(server, client.client_id, refreshed.body.access_token ?? "");
    expect(again).toMatchObject({ sub: userId, email: "guide-user@test.example", organizationId: userId });
    expect(again.jti).not.toBe(payload.jti);
  });

  it("introspection and userinfo accept the JWT; after a ban introspection says inactive", async () => {
    const victim = await signUp(server, "banned-later@test.example", "banned-password-123", "Banned Later");
    const previous = user;
    user = victim;
    const { body } = await exchange(await guideLogin());
    user = previous;
    const accessToken = body.access_token ?? "";
    const introspect = async () => {
      const response = await fetch(`${server.issuer}/oauth2/introspect`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: new URLSearchParams({ token: accessToken, client_id: client.client_id, client_secret: client.client_secret ?? "" }).toString(),
      });
      return (await response.json()) as Record<string, unknown>;
    };
    expect(await introspect()).toMatchObject({ active: true, client_id: client.client_id, aud: client.client_id, email: "banned-later@test.example" });
    const userinfo = await fetch(`${server.issuer}/oauth2/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(userinfo.status).toBe(200);
    expect(await userinfo.json()).toMatchObject({ email: "banned-later@test.example", name: "Banned Later" });

    const payload = jwt.decode(accessToken) as JwtPayload;
    const ban = await admin.fetchJson(`${server.url}/api/auth/admin/ban-user`, "POST", { userId: payload.sub });
    expect(ban.status).toBe(200);
    expect(await introspect()).toEqual({ active: false });
    const afterBan = await fetch(`${server.issuer}/oauth2/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(afterBan.status).toBe(401);
    // The guide's backend still accepts it until it expires: why the lifetime is short.
    await expect(guideVerify(server, client.client_id, accessToken)).resolves.toMatchObject({ sub: payload.sub });
  });

  it("a withdrawn consent makes introspection and userinfo refuse the JWT while the session lives on", async () => {
    const { body } = await exchange(await guideLogin());
    const accessToken = body.access_token ?? "";
    const payload = jwt.decode(accessToken) as JwtPayload;
    const consents = await callApi<{ consents: { id: string; user_id: string }[] }>(
      server,
      admin,
      "GET",
      `/api/admin/consents?client_id=${client.client_id}&user_id=${payload.sub}`,
    );
    const consent = consents.body.consents[0];
    expect(consent?.user_id).toBe(payload.sub);
    expect((await callApi(server, admin, "DELETE", `/api/admin/consents/${consent?.id}`)).status).toBe(200);
    const introspection = await fetch(`${server.issuer}/oauth2/introspect`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({ token: accessToken, client_id: client.client_id, client_secret: client.client_secret ?? "" }).toString(),
    });
    expect(await introspection.json()).toEqual({ active: false });
    const userinfo = await fetch(`${server.issuer}/oauth2/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(userinfo.status).toBe(401);
    expect(userinfo.headers.get("www-authenticate")).toContain("invalid_token");
    // The refresh token went with the consent.
    const refresh = await tokenRequest(server, {
      grant_type: "refresh_token",
      refresh_token: body.refresh_token ?? "",
      client_id: client.client_id,
      client_secret: client.client_secret ?? "",
    });
    expect(refresh.body.error).toBe("invalid_grant");
  });

  it("a wrong code or secret is in the client's event log, with reason and address, without the secret or the code", async () => {
    const wrongCode = `wrong-${randomBytes(12).toString("hex")}`;
    const badCode = await exchange(wrongCode);
    expect(badCode.status).toBe(400);
    expect(badCode.body.error).toBe("invalid_grant");
    const wrongSecret = `not-the-secret-${randomBytes(12).toString("hex")}`;
    const badSecret = await exchange(await guideLogin(), wrongSecret);
    expect(badSecret.status).toBe(401);
    expect(badSecret.body.error).toBe("invalid_client");

    const log = await callApi<{ entries: { action: string; target_id: string; ip_address: string | null; details: Record<string, unknown> }[] }>(
      server,
      admin,
      "GET",
      `/api/admin/audit-log?action=oauth_token.request_failed&target=${encodeURIComponent(client.client_id)}`,
    );
    expect(log.status).toBe(200);
    const exchanges = log.body.entries.filter((entry) => entry.details.grant_type === "authorization_code").map((entry) => entry.details.error);
    expect(exchanges).toEqual(expect.arrayContaining(["invalid_grant", "invalid_client"]));
    for (const entry of log.body.entries) {
      expect(entry.target_id).toBe(client.client_id);
      expect(entry.ip_address).toMatch(/127\.0\.0\.1|::1/);
      expect(entry.details).toMatchObject({ grant_type: expect.stringMatching(/^(authorization_code|refresh_token)$/), reason: expect.any(String) });
    }
    const text = JSON.stringify(log.body);
    expect(text).not.toContain(wrongCode);
    expect(text).not.toContain(wrongSecret);
    expect(text).not.toContain(client.client_secret);
    // Successes are counted in metrics, not logged.
    const all = await callApi<{ entries: { action: string }[] }>(server, admin, "GET", `/api/admin/audit-log?target=${encodeURIComponent(client.client_id)}`);
    expect(all.body.entries.every((entry) => entry.action !== "oauth_token.issued")).toBe(true);
  });

  it("PKCE stays required for a client that did not turn it off", async () => {
    const strict = await registerClient(server, admin, { token_endpoint_auth_method: "client_secret_post" });
    const authorize = new URL(`${server.issuer}/oauth2/authorize`);
    authorize.search = new URLSearchParams({
      response_type: "code",
      client_id: strict.client_id,
      redirect_uri: RP_REDIRECT_URI,
      scope: GUIDE_SCOPE,
      state: "s",
    }).toString();
    const stop = new URL(await completeAuthorization(user, server.url, authorize.toString()));
    expect(stop.searchParams.get("error")).toBe("invalid_request");
    expect(stop.searchParams.get("code")).toBeNull();
  });
});
