import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverClient, registerClient, RP_REDIRECT_URI, signIn, signInAdmin, signUp, startTestServerOn, testDatabaseKinds } from "@iam/testing";
import type { BrowserAgent, RegisteredClient, TestServer } from "@iam/testing";
import { codeFlow } from "./protocol-flow.ts";

/** A second sector: same port and path, another host (loopback, so a native client may use it). */
const OTHER_SECTOR_REDIRECT_URI = "http://127.0.0.1:8765/callback";

describe.each(testDatabaseKinds())("pairwise subject identifiers on $label", (kind) => {
  let server: TestServer;
  let admin: BrowserAgent;
  let userId: string;

  beforeAll(async () => {
    server = await startTestServerOn(kind);
    admin = await signInAdmin(server);
    const person = await signUp(server, "paula@test.example", "paula-password-123", "Paula");
    const session = await person.fetchJson(`${server.issuer}/get-session`, "GET");
    userId = (JSON.parse(session.body) as { user: { id: string } }).user.id;
  });
  afterAll(async () => {
    await server?.close();
  });

  const pairwiseClient = (redirectUri: string) => registerClient(server, admin, { redirect_uris: [redirectUri], subject_type: "pairwise", skip_consent: true });
  /** `sub` from the ID token, userinfo and introspection of one fresh sign-in. */
  async function subjects(client: RegisteredClient, redirectUri: string) {
    const browser = await signIn(server, "paula@test.example", "paula-password-123");
    const config = await discoverClient(server, client);
    const tokens = await codeFlow(config, browser, { redirectUri });
    const idTokenSub = tokens.claims()?.sub ?? "";
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, idTokenSub);
    const introspection = await oidc.tokenIntrospection(config, tokens.access_token);
    return { idToken: idTokenSub, userinfo: userinfo.sub, introspection: introspection.sub };
  }

  it("gives each sector its own stable sub, the same in the ID token, userinfo and introspection", async () => {
    const discovery = await (await fetch(`${server.issuer}/.well-known/openid-configuration`)).json();
    expect(discovery.subject_types_supported).toEqual(["public", "pairwise"]);

    const first = await pairwiseClient(RP_REDIRECT_URI);
    const sameSector = await pairwiseClient(RP_REDIRECT_URI);
    const otherSector = await pairwiseClient(OTHER_SECTOR_REDIRECT_URI);
    const publicClient = await registerClient(server, admin, { skip_consent: true });

    const a = await subjects(first, RP_REDIRECT_URI);
    expect(a.userinfo).toBe(a.idToken);
    expect(a.introspection).toBe(a.idToken);
    expect(a.idToken).not.toBe(userId);

    // Stable: a later sign-in (a new session) gets the same sub.
    expect((await subjects(first, RP_REDIRECT_URI)).idToken).toBe(a.idToken);
    // One sector, one sub (OpenID Connect Core §8.1); another sector, another sub.
    expect((await subjects(sameSector, RP_REDIRECT_URI)).idToken).toBe(a.idToken);
    const b = await subjects(otherSector, OTHER_SECTOR_REDIRECT_URI);
    expect(b.idToken).not.toBe(a.idToken);
    expect(b.userinfo).toBe(b.idToken);
    expect(b.introspection).toBe(b.idToken);
    // Public clients still see the user's id.
    expect((await subjects(publicClient, RP_REDIRECT_URI)).idToken).toBe(userId);

    const view = await admin.fetchJson(`${server.url}/api/admin/oauth-clients/${first.client_id}`, "GET");
    expect(JSON.parse(view.body)).toMatchObject({ subject_type: "pairwise" });
  });

  it("refuses a pairwise client whose redirect URIs span two sectors (no sector_identifier_uri)", async () => {
    const answer = await admin.fetchJson(`${server.url}/api/admin/oauth-clients`, "POST", {
      client_name: "Two sectors",
      application_type: "native",
      subject_type: "pairwise",
      redirect_uris: [RP_REDIRECT_URI, OTHER_SECTOR_REDIRECT_URI],
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error).toMatch(/^invalid_(client_metadata|request)$/);
  });
});
