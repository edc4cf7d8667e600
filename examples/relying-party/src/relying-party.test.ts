import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BrowserAgent, completeAuthorization, signUp, startTestServer } from "@iam/testing";
import type { RawResponse, TestServer } from "@iam/testing";
import { OneTimeStore } from "./one-time-store.ts";
import { startRpFixture } from "./testing/rp-fixture.ts";
import type { RpFixture } from "./testing/rp-fixture.ts";

function setCookies(response: RawResponse): string[] {
  const value = response.headers["set-cookie"];
  return Array.isArray(value) ? value : value ? [value] : [];
}

function cookieLine(response: RawResponse, name: string): string {
  return setCookies(response).find((line) => line.startsWith(`${name}=`)) ?? "";
}

describe("example relying party against the provider (HTTP)", () => {
  let provider: TestServer;
  let fixture: RpFixture;
  let person: BrowserAgent;

  beforeAll(async () => {
    provider = await startTestServer({ kind: "pglite", dataDir: "memory://" });
    fixture = await startRpFixture(provider);
    person = await signUp(provider, "ann@example.com", "ann-password-123", "Ann Example");
  });
  afterAll(async () => {
    await fixture?.close();
    await provider?.close();
  });

  /** Login → provider (signed in, consents) → callback; returns the app's agent and the redirect to /auth/complete. */
  async function signInToApp(): Promise<{ app: BrowserAgent; complete: URL }> {
    const app = new BrowserAgent(fixture.appUrl);
    const login = await app.navigate(`${fixture.appUrl}/auth/login`);
    expect(login.status).toBe(302);
    const authorize = new URL(login.location ?? "");
    expect(authorize.origin).toBe(new URL(provider.issuer).origin);
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorize.searchParams.get("scope")).toContain("organization");
    const callback = await completeAuthorization(person, provider.url, authorize.toString());
    expect(callback.startsWith(`${fixture.appUrl}/auth/callback?`)).toBe(true);
    const landed = await app.navigate(callback);
    expect(landed.status).toBe(302);
    return { app, complete: new URL(landed.location ?? "", fixture.appUrl) };
  }

  it("signs in with code + PKCE; tokens reach the browser only as HttpOnly cookies, via a one-time code", async () => {
    const { app, complete } = await signInToApp();
    expect(complete.pathname).toBe("/auth/complete");
    expect([...complete.searchParams.keys()].sort()).toEqual(["exchange", "return_to"]);
    const code = complete.searchParams.get("exchange") ?? "";
    expect(code).toMatch(/^[\w-]{43}$/);

    const exchanged = await app.fetchJson(`${fixture.appUrl}/auth/exchange`, "POST", { code });
    expect(exchanged.status).toBe(200);
    expect(JSON.parse(exchanged.body)).toEqual({ ok: true });
    expect(cookieLine(exchanged, "rp_session")).toMatch(/^rp_session=eyJ[^;]+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(cookieLine(exchanged, "rp_access")).toMatch(/; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(cookieLine(exchanged, "rp_refresh")).toMatch(/; Path=\/auth\/refresh; HttpOnly; SameSite=Lax$/);

    const replay = await app.fetchJson(`${fixture.appUrl}/auth/exchange`, "POST", { code });
    expect(replay.status).toBe(400);
    expect(JSON.parse(replay.body)).toMatchObject({ error: "invalid_grant" });

    const me = await app.fetchJson(`${fixture.appUrl}/api/me`, "GET");
    expect(me.status).toBe(200);
    const { user } = JSON.parse(me.body) as { user: Record<string, string> };
    expect(user).toMatchObject({ email: "ann@example.com", name: "Ann Example", role: "member" });
    // The provider put the organization scope's claims in the ID token; the app mapped them. A user
    // nobody assigned to an organization is an organization of their own.
    const idToken = /^rp_session=([^;]+)/.exec(cookieLine(exchanged, "rp_session"))?.[1] ?? "";
    const claims = JSON.parse(Buffer.from(idToken.split(".")[1] ?? "", "base64url").toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ sub: user.id, organizationId: user.id, role: "user", aud: fixture.clientId, iss: provider.issuer });
    expect(user.organizationId).toBe(claims.organizationId);

    const profile = await app.fetchJson(`${fixture.appUrl}/api/profile`, "GET");
    expect(profile.status).toBe(200);
    expect(JSON.parse(profile.body)).toMatchObject({ sub: user.id, email: "ann@example.com" });
  });

  it("makes every server-to-server call through the internal URL", () => {
    const internal = new Set(fixture.internal.paths);
    for (const path of ["/api/auth/.well-known/openid-configuration", "/api/auth/oauth2/token", "/api/auth/jwks", "/api/auth/oauth2/userinfo"]) {
      expect(internal.has(path), path).toBe(true);
    }
    expect(internal.has("/api/auth/oauth2/authorize")).toBe(false);
  });

  it("refuses exchange codes after 60 seconds, and exchanges from another origin", async () => {
    const { app, complete } = await signInToApp();
    const code = complete.searchParams.get("exchange") ?? "";
    const stranger = await new BrowserAgent("https://evil.example").fetchJson(`${fixture.appUrl}/auth/exchange`, "POST", { code });
    expect(stranger.status).toBe(403);
    fixture.clock.frozenAt = Date.now() + 61_000;
    try {
      const late = await app.fetchJson(`${fixture.appUrl}/auth/exchange`, "POST", { code });
      expect(late.status).toBe(400);
      expect(setCookies(late)).toEqual([]);
    } finally {
      fixture.clock.frozenAt = undefined;
    }
  });

  it("answers 401 once the session expires, and /auth/refresh brings a fresh one", async () => {
    const { app, complete } = await signInToApp();
    await app.fetchJson(`${fixture.appUrl}/auth/exchange`, "POST", { code: complete.searchParams.get("exchange") });
    const first = JSON.parse((await app.fetchJson(`${fixture.appUrl}/api/me`, "GET")).body) as { expires_at: number };
    // Tokens carry whole seconds: let the refreshed one be issued at least a second later.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // Frozen half a second past the first session's expiry: the refreshed one (issued a second later) is valid.
    fixture.clock.frozenAt = (first.expires_at + 0.5) * 1000;
    try {
      const expired = await app.fetchJson(`${fixture.appUrl}/api/me`, "GET");
      expect(expired.status).toBe(401);
      expect(expired.headers["www-authenticate"]).toContain("session expired");

      const refreshed = await app.fetchJson(`${fixture.appUrl}/auth/refresh`, "POST");
      expect(refreshed.status).toBe(200);
      expect(cookieLine(refreshed, "rp_refresh")).toContain("Path=/auth/refresh");
      const again = await app.fetchJson(`${fixture.appUrl}/api/me`, "GET");
      expect(again.status).toBe(200);
      expect((JSON.parse(again.body) as { expires_at: number }).expires_at).toBeGreaterThan(first.expires_at);
    } finally {
      fixture.clock.frozenAt = undefined;
    }
  });

  it("logs out through the provider's end-session endpoint, clearing the cookies", async () => {
    const { app, complete } = await signInToApp();
    await app.fetchJson(`${fixture.appUrl}/auth/exchange`, "POST", { code: complete.searchParams.get("exchange") });
    const logout = await app.submitForm(`${fixture.appUrl}/auth/logout`, {});
    expect(logout.status).toBe(303);
    const endSession = new URL(logout.location ?? "");
    expect(`${endSession.origin}${endSession.pathname}`).toBe(`${provider.issuer}/oauth2/end-session`);
    expect(endSession.searchParams.get("post_logout_redirect_uri")).toBe(`${fixture.appUrl}/`);
    expect(endSession.searchParams.get("id_token_hint")).toMatch(/^eyJ/);
    for (const name of ["rp_session", "rp_access", "rp_refresh"]) expect(cookieLine(logout, name)).toMatch(/Max-Age=0/);
    expect((await app.fetchJson(`${fixture.appUrl}/api/me`, "GET")).status).toBe(401);
  });

  it("shows up in the provider's metrics: sign-in tokens by grant type", async () => {
    const metrics = await (await fetch(`${provider.url}/metrics`)).text();
    const issued = (grant: string) => Number(new RegExp(`^iam_tokens_issued_total\\{grant_type="${grant}"\\} (\\d+)$`, "m").exec(metrics)?.[1] ?? 0);
    expect(issued("authorization_code")).toBeGreaterThanOrEqual(4);
    expect(issued("refresh_token")).toBeGreaterThanOrEqual(1);
  });

  it("rejects a callback whose state it never issued", async () => {
    const response = await new BrowserAgent(fixture.appUrl).navigate(`${fixture.appUrl}/auth/callback?code=x&state=forged`);
    expect(response.status).toBe(400);
    expect(response.body).toContain("expired or was already used");
  });
});

describe("OneTimeStore", () => {
  it("gives a value once, and never after its time", () => {
    let now = 0;
    const store = new OneTimeStore<string>(60_000, () => now);
    store.put("a", "tokens");
    store.put("b", "tokens");
    expect(store.take("a")).toBe("tokens");
    expect(store.take("a")).toBeUndefined();
    now = 60_000;
    expect(store.take("b")).toBeUndefined();
  });
});
