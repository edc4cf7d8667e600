import { backchannelLogoutDelivery } from "@iam/db/schema";
import { BACKCHANNEL_LOGOUT_EVENT, claimDue } from "@iam/auth";
import { eq } from "drizzle-orm";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import type { JWTPayload } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BrowserAgent,
  callApi,
  discoverClient,
  registerClient,
  runCodeFlow,
  signIn,
  signInAdmin,
  signUp,
  startLogoutReceiver,
  startTestServerOn,
  TEST_WEB_URL,
  testDatabaseKinds,
  tokenRequest,
} from "@iam/testing";
import type { LogoutReceiver, RegisteredClient, TestServer } from "@iam/testing";

interface Status {
  configured: boolean;
  pending: number;
  delivered: number;
  failed: number;
  last_delivered_at?: string;
  last_failure?: { at: string; error: string };
  recent: { status: string; reason: string; session: boolean; attempts: number }[];
}

describe.each(testDatabaseKinds())("back-channel logout on $label", (kind) => {
  let server: TestServer;
  let admin: BrowserAgent;
  let verifyLogoutToken: (token: string, clientId: string) => Promise<JWTPayload>;
  const receivers: LogoutReceiver[] = [];

  beforeAll(async () => {
    server = await startTestServerOn(kind, { supportContact: "it-help@acme.example" });
    admin = await signInAdmin(server);
    const jwks = createRemoteJWKSet(new URL(`${server.issuer}/jwks`));
    // What a relying party checks (Back-Channel Logout 1.0 §2.6), against the provider's JWKS.
    verifyLogoutToken = async (token, clientId) => {
      expect(decodeProtectedHeader(token).typ).toBe("logout+jwt");
      const { payload } = await jwtVerify(token, jwks, {
        issuer: server.issuer,
        audience: clientId,
        typ: "logout+jwt",
        requiredClaims: ["iat", "exp", "jti", "events"],
      });
      expect(payload.events).toEqual({ [BACKCHANNEL_LOGOUT_EVENT]: {} });
      expect(payload).not.toHaveProperty("nonce");
      return payload;
    };
  });
  afterAll(async () => {
    for (const receiver of receivers) await receiver.down();
    await server?.close();
  });

  async function receiver(options?: { startDown?: boolean }) {
    const started = await startLogoutReceiver(options);
    receivers.push(started);
    return started;
  }

  /** Runs the worker until `done()` or a few passes went by (delivery is woken, not timed). */
  async function deliver(done: () => boolean) {
    for (let pass = 0; pass < 20 && !done(); pass++) {
      await server.logoutWorker.runOnce();
      if (!done()) await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async function signedInClient(uri: string | undefined, email: string, extra: Record<string, unknown> = {}) {
    const client = await registerClient(server, admin, { ...(uri ? { backchannel_logout_uri: uri } : {}), ...extra });
    const person = await signUp(server, email, "person-password-123", "Pat");
    const config = await discoverClient(server, client);
    const { tokens } = await runCodeFlow(config, person);
    const claims = tokens.claims();
    if (!claims) throw new Error("no ID token");
    return { client, person, tokens, claims };
  }

  const status = async (client: RegisteredClient) =>
    (await callApi<Status>(server, admin, "GET", `/api/admin/oauth-clients/${client.client_id}/backchannel-logout`)).body;

  it("advertises back-channel logout and keeps the client's settings", async () => {
    const discovery = (await (await fetch(`${server.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery.backchannel_logout_supported).toBe(true);
    expect(discovery.backchannel_logout_session_supported).toBe(true);

    const client = await registerClient(server, admin, { backchannel_logout_uri: "https://rp.example/logout", backchannel_logout_session_required: true });
    expect(client.backchannel_logout_uri).toBe("https://rp.example/logout");
    const read = await callApi(server, admin, "GET", `/api/admin/oauth-clients/${client.client_id}`);
    expect(read.body).toMatchObject({
      backchannel_logout_uri: "https://rp.example/logout",
      backchannel_logout_session_required: true,
      enable_end_session: true,
    });

    const cleared = await callApi(server, admin, "PATCH", `/api/admin/oauth-clients/${client.client_id}`, { backchannel_logout_uri: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body).not.toHaveProperty("backchannel_logout_uri");
    expect(cleared.body.backchannel_logout_session_required).toBe(false);
  });

  it("refuses a back-channel logout URI with a fragment, credentials or plain http off loopback", async () => {
    for (const uri of ["http://rp.example/logout", "https://rp.example/logout#x", "https://user:pw@rp.example/logout", "not a url"]) {
      const refused = await callApi(server, admin, "POST", "/api/admin/oauth-clients", {
        client_name: "Bad",
        redirect_uris: ["http://localhost:8765/callback"],
        application_type: "native",
        backchannel_logout_uri: uri,
      });
      expect(refused.status, uri).toBe(400);
      expect(refused.body.error).toBe("invalid_request");
    }
  });

  it("sends a signed logout token with sub and sid when the person signs out", async () => {
    const rp = await receiver();
    const { client, person, claims } = await signedInClient(rp.uri, "sign-out@test.example");
    expect(claims.sid).toEqual(expect.any(String));

    const signedOut = await person.fetchJson(`${server.url}/api/auth/sign-out`, "POST", {});
    expect(signedOut.status).toBe(200);
    await deliver(() => rp.tokens.length > 0);

    expect(rp.tokens).toHaveLength(1);
    const payload = await verifyLogoutToken(rp.tokens[0] ?? "", client.client_id);
    expect(payload.sub).toBe(claims.sub);
    expect(payload.sid).toBe(claims.sid);
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBeLessThanOrEqual(120);
    const after = await status(client);
    expect(after).toMatchObject({ configured: true, delivered: 1, pending: 0, failed: 0 });
    expect(after.last_delivered_at).toEqual(expect.any(String));
  });

  it("gives a pairwise client the sub its ID token carries, not the user's id", async () => {
    const rp = await receiver();
    const { client, person, claims } = await signedInClient(rp.uri, "pairwise-logout@test.example", { subject_type: "pairwise" });
    const session = JSON.parse((await person.fetchJson(`${server.issuer}/get-session`, "GET")).body) as { user: { id: string } };
    expect(claims.sub).not.toBe(session.user.id);

    expect((await person.fetchJson(`${server.url}/api/auth/sign-out`, "POST", {})).status).toBe(200);
    await deliver(() => rp.tokens.length > 0);
    const payload = await verifyLogoutToken(rp.tokens[0] ?? "", client.client_id);
    expect(payload).toMatchObject({ sub: claims.sub, sid: claims.sid });
  });

  it("RP-initiated logout at one application notifies the other applications of that session", async () => {
    const other = await receiver();
    const { client: initiator, person, tokens, claims } = await signedInClient(undefined, "end-session@test.example", { enable_end_session: true });
    const otherClient = await registerClient(server, admin, { backchannel_logout_uri: other.uri });
    await runCodeFlow(await discoverClient(server, otherClient), person);

    const endSession = new URL(`${server.issuer}/oauth2/end-session`);
    endSession.searchParams.set("id_token_hint", tokens.id_token ?? "");
    endSession.searchParams.set("client_id", initiator.client_id);
    const ended = await person.navigate(endSession.toString());
    expect(ended.status, ended.body).toBeLessThan(400);
    expect(ended.location ?? "").not.toContain("/error");
    await deliver(() => other.tokens.length > 0);
    const payload = await verifyLogoutToken(other.tokens[0] ?? "", otherClient.client_id);
    expect(payload).toMatchObject({ sub: claims.sub, sid: claims.sid });
  });

  it("keeps a logout for a relying party that is down and delivers it once it is back", async () => {
    const rp = await receiver({ startDown: true });
    const { client, claims } = await signedInClient(rp.uri, "revoked@test.example");
    const user = await callApi<{ users: { id: string; email: string }[] }>(
      server,
      admin,
      "GET",
      "/api/auth/admin/list-users?searchValue=revoked&searchField=email",
    );
    const userId = user.body.users[0]?.id ?? "";

    const revoked = await callApi(server, admin, "POST", "/api/auth/admin/revoke-user-sessions", { userId });
    expect(revoked.status).toBe(200);
    await deliver(() => false);
    const whileDown = await status(client);
    expect(whileDown).toMatchObject({ pending: 1, delivered: 0 });
    expect(whileDown.last_failure?.error).toMatch(/^unreachable/);
    expect(whileDown.recent[0]?.attempts).toBeGreaterThanOrEqual(1);
    // The retry is scheduled with backoff, not hammered: nothing is due now.
    expect(await claimDue(server.database.db, new Date())).toEqual([]);

    await rp.up();
    const retry = await callApi<{ scheduled: number }>(server, admin, "POST", `/api/admin/oauth-clients/${client.client_id}/backchannel-logout/retry`);
    expect(retry.body.scheduled).toBe(1);
    await deliver(() => rp.tokens.length > 0);
    expect(rp.tokens).toHaveLength(1);
    const payload = await verifyLogoutToken(rp.tokens[0] ?? "", client.client_id);
    expect(payload).toMatchObject({ sub: claims.sub, sid: claims.sid });
    expect(await status(client)).toMatchObject({ pending: 0, delivered: 1 });
  });

  it("a due retry found by the worker's own poll goes out too (no console needed)", async () => {
    const rp = await receiver({ startDown: true });
    const { client, person } = await signedInClient(rp.uri, "poll@test.example");
    await person.fetchJson(`${server.url}/api/auth/sign-out`, "POST", {});
    await deliver(() => false);
    expect((await status(client)).pending).toBe(1);
    await rp.up();
    // Time passes: the backoff is over.
    await server.database.db
      .update(backchannelLogoutDelivery)
      .set({ nextAttemptAt: new Date(Date.now() - 1000) })
      .where(eq(backchannelLogoutDelivery.clientId, client.client_id));
    await deliver(() => rp.tokens.length > 0);
    await verifyLogoutToken(rp.tokens[0] ?? "", client.client_id);
  });

  it("a ban notifies every client with a back-channel URI, names those it cannot reach, and says 'suspended'", async () => {
    const rp = await receiver();
    const { client, person, claims, tokens } = await signedInClient(rp.uri, "banned@test.example");
    const silent = await registerClient(server, admin, { client_name: "No back-channel" });
    await runCodeFlow(await discoverClient(server, silent), person);
    const userId = String(claims.sub);

    const reach = await callApi<{ notified: { client_id: string }[]; unreachable: { client_id: string; client_name?: string }[] }>(
      server,
      admin,
      "GET",
      `/api/admin/users/${userId}/logout-reach`,
    );
    expect(reach.body.notified.map((entry) => entry.client_id)).toEqual([client.client_id]);
    expect(reach.body.unreachable).toEqual([{ client_id: silent.client_id, client_name: "No back-channel" }]);

    const banned = await callApi(server, admin, "POST", "/api/auth/admin/ban-user", { userId });
    expect(banned.status).toBe(200);
    await deliver(() => rp.tokens.length > 0);
    expect(rp.tokens).toHaveLength(1);
    const payload = await verifyLogoutToken(rp.tokens[0] ?? "", client.client_id);
    expect(payload).toMatchObject({ sub: userId, sid: claims.sid });
    expect((await status(client)).recent[0]).toMatchObject({ status: "delivered", reason: "banned", session: true });
    // The refresh token is dead too.
    const refreshed = await tokenRequest(server, client, { grant_type: "refresh_token", refresh_token: tokens.refresh_token ?? "" });
    expect(refreshed.status).toBe(400);

    const again = await signIn(server, "banned@test.example", "person-password-123").catch((error: Error) => error.message);
    expect(again).toContain("403");
    expect(again).toContain("suspended");
    expect(again).toContain("it-help@acme.example");
    expect(again).not.toMatch(/try again/i);
    // The login form (a native post) sends the person back with "suspended", not "try again".
    const form = await new BrowserAgent(TEST_WEB_URL).submitForm(`${server.url}/api/auth/sign-in/email`, {
      email: "banned@test.example",
      password: "person-password-123",
      callbackURL: `${TEST_WEB_URL}/dashboard`,
    });
    expect(form.status).toBe(303);
    expect(new URL(form.location ?? "").searchParams.get("error")).toBe("account_suspended");
  });

  it("a password change that signs out the other devices notifies for each session it ended", async () => {
    const rp = await receiver();
    const { client, person: laptop, claims: onLaptop } = await signedInClient(rp.uri, "password@test.example");
    const phone = await signIn(server, "password@test.example", "person-password-123");
    const onPhone = (await runCodeFlow(await discoverClient(server, client), phone)).tokens.claims();
    expect(onPhone?.sid).not.toBe(onLaptop.sid);

    const changed = await laptop.fetchJson(`${server.url}/api/auth/change-password`, "POST", {
      currentPassword: "person-password-123",
      newPassword: "person-password-456",
      revokeOtherSessions: true,
    });
    expect(changed.status).toBe(200);
    // Better Auth ends every session and opens a new one for the device that changed it.
    await deliver(() => rp.tokens.length >= 2);
    expect(rp.tokens).toHaveLength(2);
    const payloads = await Promise.all(rp.tokens.map((token) => verifyLogoutToken(token, client.client_id)));
    expect(payloads.map((payload) => payload.sub)).toEqual([onLaptop.sub, onLaptop.sub]);
    expect(payloads.map((payload) => payload.sid).sort()).toEqual([onLaptop.sid, onPhone?.sid].sort());
  });

  it("claims a due delivery once, however many workers ask at the same time", async () => {
    const { client } = await signedInClient("https://rp.example/never-called", "claims@test.example");
    const now = new Date();
    await server.database.db.insert(backchannelLogoutDelivery).values(
      Array.from({ length: 6 }, (_, index) => ({
        id: `claim-test-${kind.label}-${index}`,
        clientId: client.client_id,
        userId: "someone",
        sessionId: null,
        status: "pending",
        nextAttemptAt: new Date(now.getTime() - 1000),
        reason: "session_ended",
      })),
    );
    const claims = await Promise.all([claimDue(server.database.db, now), claimDue(server.database.db, now), claimDue(server.database.db, now)]);
    const ids = claims.flat().map((row) => row.id);
    expect(ids.filter((id) => id.startsWith("claim-test-")).sort()).toHaveLength(6);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
