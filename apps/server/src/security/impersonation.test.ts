import { oauthAccessToken, oauthConsent } from "@iam/db/schema";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerClient, RP_REDIRECT_URI, signInAdmin, signUp, BrowserAgent, testDatabaseKinds } from "@iam/testing";
import type { RegisteredClient } from "@iam/testing";
import * as f from "./fixture.ts";

/** An admin impersonating a person never authorizes an application as that person. */
describe.each(testDatabaseKinds())("authorization during impersonation on $label", (kind) => {
  let fx: f.SecurityFixture;
  let impersonator: BrowserAgent;
  let victimId: string;
  let consenting: RegisteredClient;

  beforeAll(async () => {
    fx = await f.startSecurityFixture(kind);
    const victim = await signUp(fx.server, "impersonated-rp@test.example", "impersonated-password-123", "Victim");
    victimId = (JSON.parse((await victim.fetchJson(`${fx.server.url}/api/auth/get-session`, "GET")).body) as { user: { id: string } }).user.id;
    consenting = await registerClient(fx.server, fx.admin, {});
    // The person already consented to this application: a silent authorization would succeed.
    await f.issueTokens(fx.server, victim, consenting, "openid profile email");
    impersonator = await signInAdmin(fx.server);
    const started = await impersonator.fetchJson(`${fx.server.url}/api/auth/admin/impersonate-user`, "POST", { userId: victimId });
    expect(started.status).toBe(200);
  });
  afterAll(() => f.closeExpectingNoServerErrors(fx));

  async function accessTokensOfVictim(): Promise<number> {
    const [row] = await fx.server.database.db.select({ n: count() }).from(oauthAccessToken).where(eq(oauthAccessToken.userId, victimId));
    return row?.n ?? 0;
  }

  function authorizeUrl(client: RegisteredClient, extra: Record<string, string> = {}): string {
    return f.authorizeUrl(fx.server, {
      response_type: "code",
      client_id: client.client_id,
      redirect_uri: RP_REDIRECT_URI,
      scope: "openid profile email",
      state: "s-1",
      code_challenge: f.pkce().challenge,
      code_challenge_method: "S256",
      ...extra,
    });
  }

  it.each([
    ["a client that skips consent", () => fx.confidential, {}],
    ["a client the person already consented to", () => consenting, {}],
    ["a silent authorization (prompt=none)", () => consenting, { prompt: "none" }],
  ] as const)("shows the person a page instead of authorizing %s", async (_label, client, extra) => {
    const tokensBefore = await accessTokensOfVictim();
    const stop = await impersonator.followRedirects(authorizeUrl(client(), extra), (url) => url.startsWith(fx.server.url));
    expect(stop).toBe(`${f.TEST_WEB_URL}/error?error=access_denied`);
    expect(await accessTokensOfVictim()).toBe(tokensBefore);
  });

  it("answers access_denied to a script calling authorize or consent", async () => {
    const authorize = await impersonator.fetchJson(authorizeUrl(fx.confidential), "GET");
    expect({ status: authorize.status, error: (JSON.parse(authorize.body) as { error?: string }).error }).toEqual({ status: 403, error: "access_denied" });
    const consent = await impersonator.fetchJson(`${fx.server.url}/api/auth/oauth2/consent`, "POST", {
      accept: true,
      oauth_query: new URL(authorizeUrl(consenting)).search.slice(1),
    });
    expect({ status: consent.status, error: (JSON.parse(consent.body) as { error?: string }).error }).toEqual({ status: 403, error: "access_denied" });
    const [consents] = await fx.server.database.db.select({ n: count() }).from(oauthConsent).where(eq(oauthConsent.userId, victimId));
    expect(consents?.n).toBe(1);
  });

  it("refuses to start an impersonation that carries an authorization request to resume", async () => {
    // Any response that sets a session cookie resumes a signed authorization request it carries.
    const anonymous = new BrowserAgent(f.TEST_WEB_URL);
    const loginPage = new URL(await anonymous.followRedirects(authorizeUrl(fx.confidential), (url) => url.startsWith(fx.server.url)));
    expect(loginPage.pathname).toBe("/oauth-login");
    const admin = await signInAdmin(fx.server);
    const tokensBefore = await accessTokensOfVictim();
    const started = await admin.fetchJson(`${fx.server.url}/api/auth/admin/impersonate-user`, "POST", {
      userId: victimId,
      oauth_query: loginPage.search.slice(1),
    });
    expect(started.status, started.body).toBe(400);
    expect(started.body).not.toContain("code=");
    expect(started.headers["set-cookie"] ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/session_token=[^;]/)]));
    expect(await accessTokensOfVictim()).toBe(tokensBefore);
  });

  it("lets the admin authorize as themselves once impersonation stops", async () => {
    const stopped = await impersonator.fetchJson(`${fx.server.url}/api/auth/admin/stop-impersonating`, "POST", {});
    expect(stopped.status).toBe(200);
    const callback = new URL(await impersonator.followRedirects(authorizeUrl(fx.confidential), (url) => url.startsWith(fx.server.url)));
    expect(callback.origin + callback.pathname).toBe(RP_REDIRECT_URI);
    expect(callback.searchParams.get("code")).toEqual(expect.any(String));
  });
});
