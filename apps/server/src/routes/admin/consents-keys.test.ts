import { oauthRefreshToken } from "@iam/db/schema";
import { count, eq } from "drizzle-orm";
import { createPublicKey, verify } from "node:crypto";
import type * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, tokenRequest, discoverClient, registerClient, runCodeFlow, signInAdmin, signUp, testDatabaseKinds, startTestServerOn } from "@iam/testing";
import type { BrowserAgent, RegisteredClient, TestServer } from "@iam/testing";

const headerOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[0]!, "base64url").toString()) as { kid: string; alg: string };

/** Checks an RS256 signature against the provider's published JWKS, as a relying party would. */
async function verifiesAgainstJwks(server: TestServer, jwt: string): Promise<boolean> {
  const { keys } = (await (await fetch(`${server.issuer}/jwks`)).json()) as { keys: { kid: string }[] };
  const jwk = keys.find((key) => key.kid === headerOf(jwt).kid);
  if (!jwk) return false;
  const [header, payload, signature] = jwt.split(".");
  return verify("RSA-SHA256", Buffer.from(`${header}.${payload}`), createPublicKey({ key: jwk, format: "jwk" }), Buffer.from(signature!, "base64url"));
}

interface Consent {
  id: string;
  user_id: string;
  user_email: string;
  client_id: string;
  client_name: string;
  scopes: string[];
  granted_at: string;
}

describe.each(testDatabaseKinds())("admin API: consents, bans, signing keys, dashboard on $label", (kind) => {
  let server: TestServer;
  let admin: BrowserAgent;
  let client: RegisteredClient;
  let config: oidc.Configuration;

  beforeAll(async () => {
    server = await startTestServerOn(kind);
    admin = await signInAdmin(server);
    client = await registerClient(server, admin, { client_name: "Consent RP" });
    config = await discoverClient(server, client);
  });
  afterAll(async () => {
    await server?.close();
  });

  const refreshTokensOf = async (userId: string) => {
    const [row] = await server.database.db.select({ value: count() }).from(oauthRefreshToken).where(eq(oauthRefreshToken.userId, userId));
    return row?.value ?? 0;
  };
  const consentsFor = async (query: string) =>
    (await callApi<{ consents: Consent[]; total: number }>(server, admin, "GET", `/api/admin/consents?${query}`)).body;

  it("lists every user's consents, filtered by client, user or text", async () => {
    const ann = await signUp(server, "ann@test.example", "ann-password-123", "Ann");
    const ben = await signUp(server, "ben@test.example", "ben-password-123", "Ben");
    await runCodeFlow(config, ann);
    await runCodeFlow(config, ben);

    const byClient = await consentsFor(`client_id=${client.client_id}`);
    expect(byClient.total).toBe(2);
    expect(byClient.consents.map((c) => c.user_email).sort()).toEqual(["ann@test.example", "ben@test.example"]);
    expect(byClient.consents[0]).toMatchObject({ client_name: "Consent RP", scopes: expect.arrayContaining(["openid", "offline_access"]) });
    expect(Date.parse(byClient.consents[0]!.granted_at)).not.toBeNaN();

    const annId = byClient.consents.find((c) => c.user_email === "ann@test.example")!.user_id;
    expect((await consentsFor(`user_id=${annId}`)).consents.map((c) => c.user_email)).toEqual(["ann@test.example"]);
    expect((await consentsFor("q=ben%40test")).consents.map((c) => c.user_email)).toEqual(["ben@test.example"]);
    expect((await consentsFor("q=nobody")).total).toBe(0);
  });

  it("narrows a consent's scopes (revoking the tokens it no longer covers) and refuses scopes the client cannot have", async () => {
    const cleo = await signUp(server, "cleo@test.example", "cleo-password-123", "Cleo");
    const { tokens } = await runCodeFlow(config, cleo);
    const [consent] = (await consentsFor("q=cleo")).consents;

    const narrowed = await callApi(server, admin, "PATCH", `/api/admin/consents/${consent!.id}`, { scopes: ["openid", "profile"] });
    expect(narrowed.status).toBe(200);
    expect(narrowed.body).toMatchObject({ scopes: ["openid", "profile"], tokens_revoked: true });
    const refused = await tokenRequest(server, client, { grant_type: "refresh_token", refresh_token: tokens.refresh_token! });
    expect(refused).toMatchObject({ status: 400, body: { error: "invalid_grant" } });

    const widened = await callApi(server, admin, "PATCH", `/api/admin/consents/${consent!.id}`, { scopes: ["openid", "admin:everything"] });
    expect(widened).toMatchObject({ status: 400, body: { error: "invalid_request" } });
    expect((await callApi(server, admin, "PATCH", `/api/admin/consents/${consent!.id}`, { scopes: [] })).status).toBe(400);
    expect((await callApi(server, admin, "PATCH", "/api/admin/consents/nope", { scopes: ["openid"] })).status).toBe(404);
  });

  it("revokes a consent: the consent and the user's tokens for the client go, refresh is refused", async () => {
    const dana = await signUp(server, "dana@test.example", "dana-password-123", "Dana");
    const { tokens } = await runCodeFlow(config, dana);
    const [consent] = (await consentsFor("q=dana")).consents;
    expect(await refreshTokensOf(consent!.user_id)).toBeGreaterThan(0);

    const revoked = await callApi(server, admin, "DELETE", `/api/admin/consents/${consent!.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ revoked: true, refresh_tokens_revoked: 1 });

    expect(await refreshTokensOf(consent!.user_id)).toBe(0);
    expect((await consentsFor("q=dana")).total).toBe(0);
    const refused = await tokenRequest(server, client, { grant_type: "refresh_token", refresh_token: tokens.refresh_token! });
    expect(refused).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect((await callApi(server, admin, "DELETE", `/api/admin/consents/${consent!.id}`)).status).toBe(404);
  });

  it("a ban revokes the user's refresh tokens", async () => {
    const eli = await signUp(server, "eli@test.example", "eli-password-123", "Eli");
    const { tokens } = await runCodeFlow(config, eli);
    const userId = tokens.claims()!.sub;
    expect(await refreshTokensOf(userId)).toBeGreaterThan(0);

    const banned = await callApi(server, admin, "POST", "/api/auth/admin/ban-user", { userId, banReason: "abuse" });
    expect(banned.status).toBe(200);

    expect(await refreshTokensOf(userId)).toBe(0);
    const refused = await tokenRequest(server, client, { grant_type: "refresh_token", refresh_token: tokens.refresh_token! });
    expect(refused).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  it("rotates the signing key; tokens signed by the old key keep verifying against the JWKS", async () => {
    const fay = await signUp(server, "fay@test.example", "fay-password-123", "Fay");
    const before = await callApi<{ keys: { kid: string; status: string; alg: string }[] }>(server, admin, "GET", "/api/admin/signing-keys");
    const active = before.body.keys.filter((key) => key.status === "active");
    expect(active).toHaveLength(1);
    expect(active[0]!.alg).toBe("RS256");
    const { tokens: old } = await runCodeFlow(config, fay);
    expect(headerOf(old.id_token!).kid).toBe(active[0]!.kid);

    const rotated = await callApi<{ keys: { kid: string; status: string; published_until?: string }[] }>(
      server,
      admin,
      "POST",
      "/api/admin/signing-keys/rotate",
    );
    expect(rotated.status).toBe(200);
    const next = rotated.body.keys.find((key) => key.status === "active")!;
    expect(next.kid).not.toBe(active[0]!.kid);
    const retired = rotated.body.keys.find((key) => key.kid === active[0]!.kid)!;
    expect(retired.status).toBe("retired");
    expect(Date.parse(retired.published_until!)).toBeGreaterThan(Date.now());

    expect(await verifiesAgainstJwks(server, old.id_token!)).toBe(true);
    // A relying party that has not cached the old key set (openid-client refetches on an unknown
    // kid only after its cache is a minute old).
    const { tokens: fresh } = await runCodeFlow(await discoverClient(server, client), fay);
    expect(headerOf(fresh.id_token!).kid).toBe(next.kid);
    expect(await verifiesAgainstJwks(server, fresh.id_token!)).toBe(true);
    // The check can fail: a token with a flipped signature does not verify.
    expect(await verifiesAgainstJwks(server, `${old.id_token!.slice(0, -4)}AAAA`)).toBe(false);
  });

  it("counts users, clients, active sessions and consents, and lists recent sign-ins", async () => {
    const response = await callApi<{ counts: Record<string, number>; recent_sign_ins: { email: string }[] }>(server, admin, "GET", "/api/admin/dashboard");
    expect(response.status).toBe(200);
    const listed = await callApi<{ total: number }>(server, admin, "GET", "/api/auth/admin/list-users?limit=1");
    expect(response.body.counts.users).toBe(listed.body.total);
    expect(response.body.counts.clients).toBe(1);
    expect(response.body.counts.consents).toBe((await consentsFor("limit=100")).total);
    expect(response.body.counts.active_sessions).toBeGreaterThan(0);
    expect(response.body.recent_sign_ins[0]).toMatchObject({ email: "fay@test.example" });
  });
});
