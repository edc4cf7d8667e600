import { generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BrowserAgent, callApi, completeAuthorization, signIn, signInAdmin, signUp, startTestServerOn, testDatabaseKinds } from "@iam/testing";
import type { TestServer } from "@iam/testing";
import { startRpFixture } from "./testing/rp-fixture.ts";
import type { RpFixture } from "./testing/rp-fixture.ts";

describe.each(testDatabaseKinds())("example relying party: back-channel logout on $label", (kind) => {
  let provider: TestServer;
  let fixture: RpFixture;
  let admin: BrowserAgent;

  beforeAll(async () => {
    provider = await startTestServerOn(kind);
    fixture = await startRpFixture(provider);
    admin = await signInAdmin(provider);
  });
  afterAll(async () => {
    await fixture?.close();
    await provider?.close();
  });

  /** The person (signed in at the provider with `person`) signs in to the app; returns the app's browser. */
  async function signInToApp(person: BrowserAgent): Promise<BrowserAgent> {
    const app = new BrowserAgent(fixture.appUrl);
    const login = await app.navigate(`${fixture.appUrl}/auth/login`);
    const landed = await app.navigate(await completeAuthorization(person, provider.url, login.location ?? ""));
    const exchange = new URL(landed.location ?? "", fixture.appUrl).searchParams.get("exchange");
    const exchanged = await app.fetchJson(`${fixture.appUrl}/auth/exchange`, "POST", { code: exchange });
    expect(exchanged.status).toBe(200);
    // The session lasts as long as the access token (an hour), not the ID token's ten hours.
    const sessionCookie = [exchanged.headers["set-cookie"] ?? []].flat().find((line) => line.startsWith("rp_session=")) ?? "";
    expect(sessionCookie).toContain("Max-Age=3600;");
    expect((await app.fetchJson(`${fixture.appUrl}/api/me`, "GET")).status).toBe(200);
    return app;
  }

  /** Delivery runs in the background: drive the provider's worker until the app answers `status`. */
  async function untilMe(app: BrowserAgent, status: number) {
    let last = 0;
    for (let pass = 0; pass < 20; pass++) {
      await provider.logoutWorker.runOnce();
      last = (await app.fetchJson(`${fixture.appUrl}/api/me`, "GET")).status;
      if (last === status) return last;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return last;
  }

  it("a ban ends the person's session in the app at once, and no refresh brings it back", async () => {
    const person = await signUp(provider, "erin@example.com", "erin-password-123", "Erin");
    const app = await signInToApp(person);
    const userId = (await callApi<{ users: { id: string }[] }>(provider, admin, "GET", "/api/auth/admin/list-users?searchValue=erin&searchField=email")).body
      .users[0]?.id;

    const banned = await callApi(provider, admin, "POST", "/api/auth/admin/ban-user", { userId });
    expect(banned.status).toBe(200);
    expect(await untilMe(app, 401)).toBe(401);
    const me = await app.fetchJson(`${fixture.appUrl}/api/me`, "GET");
    expect(me.headers["www-authenticate"]).toContain("signed out by the provider");
    expect((await app.fetchJson(`${fixture.appUrl}/auth/refresh`, "POST")).status).toBe(401);
    const status = await callApi<{ delivered: number }>(provider, admin, "GET", `/api/admin/oauth-clients/${fixture.clientId}/backchannel-logout`);
    expect(status.body.delivered).toBeGreaterThanOrEqual(1);
  });

  it("a sign-out at the provider ends that session only: the person's other session in the app stays", async () => {
    const laptop = await signUp(provider, "finn@example.com", "finn-password-123", "Finn");
    const phone = await signIn(provider, "finn@example.com", "finn-password-123");
    const onLaptop = await signInToApp(laptop);
    const onPhone = await signInToApp(phone);

    expect((await laptop.fetchJson(`${provider.url}/api/auth/sign-out`, "POST", {})).status).toBe(200);
    expect(await untilMe(onLaptop, 401)).toBe(401);
    expect((await onLaptop.fetchJson(`${fixture.appUrl}/auth/refresh`, "POST")).status).toBe(401);
    expect((await onPhone.fetchJson(`${fixture.appUrl}/api/me`, "GET")).status).toBe(200);
  });

  it("refuses logout tokens that are missing, forged or not logout tokens", async () => {
    const post = (body: string) =>
      fetch(`${fixture.appUrl}/auth/backchannel-logout`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
    expect((await post("")).status).toBe(400);
    const { privateKey } = await generateKeyPair("RS256");
    const forged = await new SignJWT({ sub: "someone", events: { "http://schemas.openid.net/event/backchannel-logout": {} } })
      .setProtectedHeader({ alg: "RS256", typ: "logout+jwt", kid: "not-the-provider" })
      .setIssuer(provider.issuer)
      .setAudience(fixture.clientId)
      .setIssuedAt()
      .setJti("forged")
      .sign(privateKey);
    const refused = await post(new URLSearchParams({ logout_token: forged }).toString());
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: "invalid_request" });
  });
});
