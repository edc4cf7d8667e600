import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { BrowserAgent, registerClient, testDatabaseKinds } from "@iam/testing";
import type { RawResponse, RegisteredClient } from "@iam/testing";
import * as schema from "@iam/db/schema";
import { eq } from "drizzle-orm";
import * as f from "./fixture.ts";

const EVIL = "https://evil.example/callback";

/** Where a refused authorization request sent the browser: never the attacker, never with a code. */
function landing(response: RawResponse): { status: number; target: string; error: string | null; code: string | null } {
  const location = response.location ?? "";
  const url = location ? new URL(location) : undefined;
  const params = new URLSearchParams(url?.hash ? url.hash.slice(1) : (url?.search ?? ""));
  return {
    status: response.status,
    target: url ? `${url.origin}${url.pathname}` : "",
    error: url?.searchParams.get("error") ?? params.get("error"),
    code: url?.searchParams.get("code") ?? params.get("code"),
  };
}

describe.each(testDatabaseKinds())("authorization endpoint attacks on $label", (kind) => {
  let fx: f.SecurityFixture;
  let consenting: RegisteredClient;
  let disabled: RegisteredClient;
  let base: Record<string, string>;

  beforeAll(async () => {
    fx = await f.startSecurityFixture(kind);
    consenting = await registerClient(fx.server, fx.admin, {});
    disabled = await registerClient(fx.server, fx.admin, { skip_consent: true });
    await fx.server.database.db.update(schema.oauthClient).set({ disabled: true }).where(eq(schema.oauthClient.clientId, disabled.client_id));
    base = {
      response_type: "code",
      client_id: fx.confidential.client_id,
      redirect_uri: f.RP_REDIRECT_URI,
      scope: "openid",
      state: "st",
      code_challenge: f.pkce().challenge,
      code_challenge_method: "S256",
    };
  });
  afterAll(() => f.closeExpectingNoServerErrors(fx));

  const errorPage = () => `${f.TEST_WEB_URL}/error`;
  const authorize = (params: Record<string, string>, browser = fx.user) =>
    f.withoutPersisting(fx.server, async () => landing(await browser.navigate(f.authorizeUrl(fx.server, params))));

  it.each([
    ["an unregistered host", EVIL],
    ["a trailing slash", `${f.RP_REDIRECT_URI}/`],
    ["an added query", `${f.RP_REDIRECT_URI}?next=${encodeURIComponent(EVIL)}`],
    ["a changed case", "http://localhost:8765/Callback"],
    ["a user@host trick", "http://localhost:8765@evil.example/callback"],
    ["a dot-segment path", "http://localhost:8765/callback/../evil"],
    ["a fragment", `${f.RP_REDIRECT_URI}#frag`],
    ["a javascript: URI", "javascript:alert(1)"],
  ])("never redirects to a redirect_uri with %s", async (_label, redirectUri) => {
    const result = await authorize({ ...base, redirect_uri: redirectUri });
    expect(result.status).toBe(302);
    expect(result.target).toBe(errorPage());
    expect(result.code).toBeNull();
    expect(result.error).toMatch(/^invalid_(redirect|request)$/);
  });

  it.each([
    ["an unknown client_id", { client_id: "no-such-client" }],
    ["a missing client_id", { client_id: "" }],
  ])("never redirects for %s", async (_label, override) => {
    const result = await authorize({ ...base, ...override });
    expect(result.target).toBe(errorPage());
    expect(result.error).toMatch(/^invalid_(client|request)$/);
    expect(result.code).toBeNull();
  });

  it("never redirects for a disabled client", async () => {
    const result = await authorize({ ...base, client_id: disabled.client_id });
    expect(result.target).toBe(errorPage());
    expect(result.code).toBeNull();
    expect(result.error).toBe("client_disabled");
  });

  it.each([
    ["no code_challenge", { code_challenge: "", code_challenge_method: "" }],
    ["the plain method", { code_challenge_method: "plain" }],
    ["a challenge too short for S256", { code_challenge: "abc" }],
    ["a challenge with characters outside the unreserved set", { code_challenge: `${"a".repeat(42)}+` }],
  ])("refuses PKCE with %s", async (_label, override) => {
    const result = await authorize({ ...base, ...override });
    expect(result).toMatchObject({ status: 302, target: f.RP_REDIRECT_URI, error: "invalid_request", code: null });
  });

  it.each(["token", "id_token", "code id_token", "code token", "id_token token", "none"])("refuses response_type=%s", async (responseType) => {
    const result = await authorize({ ...base, response_type: responseType });
    expect(result).toMatchObject({ status: 302, target: f.RP_REDIRECT_URI, error: "unsupported_response_type", code: null });
  });

  it("never grants a scope the provider does not offer", async () => {
    const { verifier, challenge } = f.pkce();
    const response = await fx.user.navigate(f.authorizeUrl(fx.server, { ...base, scope: "openid admin:all", code_challenge: challenge }));
    const result = landing(response);
    expect(result.target).toBe(f.RP_REDIRECT_URI);
    if (result.error) {
      expect(result).toMatchObject({ error: "invalid_scope", code: null });
      return;
    }
    // Narrowed instead: the grant (and the token response's scope) leaves the unknown scope out.
    const tokens = await f.redeem(fx.server, fx.confidential, { code: result.code ?? "", verifier, redirectUri: f.RP_REDIRECT_URI });
    expect(tokens.status).toBe(200);
    expect(String(tokens.json.scope).split(" ")).toEqual(["openid"]);
  });

  it("refuses another port for a web client's https redirect_uri", async () => {
    const web = await registerClient(fx.server, fx.admin, { application_type: "web", redirect_uris: ["https://rp.example/callback"], skip_consent: true });
    const result = await authorize({ ...base, client_id: web.client_id, redirect_uri: "https://rp.example:8443/callback" });
    expect(result).toMatchObject({ status: 302, target: errorPage(), code: null });
  });

  it("answers prompt=none without a session with login_required", async () => {
    const result = await authorize({ ...base, prompt: "none" }, new BrowserAgent(f.TEST_WEB_URL));
    expect(result).toMatchObject({ status: 302, target: f.RP_REDIRECT_URI, error: "login_required", code: null });
  });

  it("answers prompt=none without consent with consent_required", async () => {
    const result = await authorize({ ...base, client_id: consenting.client_id, prompt: "none" });
    expect(result).toMatchObject({ status: 302, target: f.RP_REDIRECT_URI, error: "consent_required", code: null });
  });

  it("never lets a duplicated redirect_uri reach the attacker", async () => {
    const query = `${new URLSearchParams(base).toString()}&redirect_uri=${encodeURIComponent(EVIL)}`;
    const result = await f.withoutPersisting(fx.server, async () => landing(await fx.user.navigate(`${fx.server.issuer}/oauth2/authorize?${query}`)));
    expect(result.target).not.toBe(EVIL);
    expect(new URL(`${result.target}/`).origin).not.toBe("https://evil.example");
  });

  it("never lets a duplicated client_id switch clients", async () => {
    const query = `${new URLSearchParams(base).toString()}&client_id=${encodeURIComponent(consenting.client_id)}`;
    const response = await fx.user.navigate(`${fx.server.issuer}/oauth2/authorize?${query}`);
    expect(response.status).toBeLessThan(500);
    expect(response.location ?? "").not.toContain("evil.example");
  });

  it.each([
    ["state", { state: "s".repeat(20_000) }],
    ["scope", { scope: `openid ${"x".repeat(20_000)}` }],
    ["code_challenge", { code_challenge: "c".repeat(20_000) }],
  ])("handles an oversized %s without a server error or a code", async (_label, override) => {
    const response = await fx.user.navigate(f.authorizeUrl(fx.server, { ...base, ...override }));
    expect(response.status).toBeGreaterThanOrEqual(300);
    expect(response.status).toBeLessThan(500);
    expect(landing(response).code).toBeNull();
  });

  describe("signed login query", () => {
    async function loginQuery(): Promise<URLSearchParams> {
      const response = await new BrowserAgent(f.TEST_WEB_URL).navigate(f.authorizeUrl(fx.server, base));
      expect(response.location?.startsWith(`${f.TEST_WEB_URL}/oauth-login?`)).toBe(true);
      return new URL(response.location ?? "").searchParams;
    }

    async function signInWith(query: URLSearchParams): Promise<RawResponse> {
      const browser = new BrowserAgent(f.TEST_WEB_URL);
      return browser.submitForm(`${fx.server.url}/api/auth/sign-in/email`, {
        email: fx.userEmail,
        password: fx.userPassword,
        oauth_query: query.toString(),
      });
    }

    function expectNotResumed(response: RawResponse): void {
      expect(response.status).toBeLessThan(500);
      const location = response.location ?? "";
      expect(location.startsWith(f.RP_REDIRECT_URI)).toBe(false);
      expect(location.includes("/oauth2/authorize")).toBe(false);
      expect(location).not.toMatch(/[?&]code=/);
    }

    it("resumes the flow with an untouched query (control)", async () => {
      const response = await signInWith(await loginQuery());
      expect(response.status).toBe(302);
      expect(response.location ?? "").toMatch(/oauth2\/authorize|callback\?code=/);
    });

    it("refuses a flipped signature byte", async () => {
      const query = await loginQuery();
      const sig = query.get("sig") ?? "";
      query.set("sig", `${sig[0] === "A" ? "B" : "A"}${sig.slice(1)}`);
      expectNotResumed(await signInWith(query));
    });

    it("refuses an edited parameter", async () => {
      const query = await loginQuery();
      query.set("scope", "openid email offline_access");
      expectNotResumed(await signInWith(query));
    });

    it("refuses a removed parameter", async () => {
      const query = await loginQuery();
      query.delete("state");
      expectNotResumed(await signInWith(query));
    });

    it("refuses an added parameter", async () => {
      const query = await loginQuery();
      query.set("prompt", "none");
      expectNotResumed(await signInWith(query));
    });

    it("refuses an expired query", async () => {
      const query = await loginQuery();
      vi.useFakeTimers({ toFake: ["Date"] });
      try {
        vi.setSystemTime(Date.now() + 2 * 60 * 60_000);
        expectNotResumed(await signInWith(query));
      } finally {
        vi.useRealTimers();
      }
    });
  });
});
