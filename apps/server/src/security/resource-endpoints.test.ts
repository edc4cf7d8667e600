import { createSign, generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerClient, testDatabaseKinds } from "@iam/testing";
import type { RegisteredClient } from "@iam/testing";
import * as f from "./fixture.ts";

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

function unsignedJwt(claims: Record<string, unknown>): string {
  return `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`;
}

/** A well-formed RS256 JWT signed by a key the provider never issued. */
function forgedJwt(claims: Record<string, unknown>, kid?: string): string {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const input = `${b64({ alg: "RS256", typ: "JWT", ...(kid ? { kid } : {}) })}.${b64(claims)}`;
  return `${input}.${createSign("RSA-SHA256").update(input).sign(privateKey).toString("base64url")}`;
}

describe.each(testDatabaseKinds())("userinfo, introspection, revocation and end-session attacks on $label", (kind) => {
  let fx: f.SecurityFixture;
  let other: RegisteredClient;
  let claims: Record<string, unknown>;
  let kid: string | undefined;

  beforeAll(async () => {
    fx = await f.startSecurityFixture(kind);
    other = await registerClient(fx.server, fx.admin, { skip_consent: true });
    const tokens = await f.issueTokens(fx.server, fx.user, fx.confidential);
    const [header = "", payload = ""] = (tokens.id_token ?? "").split(".");
    claims = {
      ...(JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>),
      aud: `${fx.server.issuer}/oauth2/userinfo`,
      exp: Math.floor(Date.now() / 1000) + 3600,
    };
    kid = (JSON.parse(Buffer.from(header, "base64url").toString()) as { kid?: string }).kid;
  });
  afterAll(() => f.closeExpectingNoServerErrors(fx));

  const userinfo = (headers: Record<string, string> = {}, query = "") => f.http(`${fx.server.issuer}/oauth2/userinfo${query}`, { headers });

  function expectBearerRefusal(response: f.HttpResult): void {
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer\b/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.json.sub).toBeUndefined();
  }

  it.each([
    ["an alg=none JWT", () => unsignedJwt(claims)],
    ["a JWT signed by a foreign key with the provider's kid", () => forgedJwt(claims, kid)],
    ["a JWT signed by a foreign key without kid", () => forgedJwt(claims)],
    ["an expired forged JWT", () => forgedJwt({ ...claims, exp: 1 }, kid)],
    ["a random opaque string", () => "definitely-not-a-token"],
    ["a JWT-looking garbage string", () => "a.b.c"],
  ])("userinfo refuses %s with 401 invalid_token", async (_label, token) => {
    const response = await userinfo({ authorization: `Bearer ${token()}` });
    expectBearerRefusal(response);
    expect(response.json.error).toBe("invalid_token");
  });

  it("userinfo refuses a request without a token with a Bearer challenge", async () => {
    const response = await userinfo();
    expectBearerRefusal(response);
  });

  it("userinfo ignores an access token in the query string", async () => {
    const tokens = await f.issueTokens(fx.server, fx.user, fx.confidential);
    expectBearerRefusal(await userinfo({}, `?access_token=${encodeURIComponent(tokens.access_token)}`));
  });

  it("userinfo refuses a revoked access token", async () => {
    const tokens = await f.issueTokens(fx.server, fx.user, fx.confidential);
    expect((await userinfo({ authorization: `Bearer ${tokens.access_token}` })).status).toBe(200);
    const revoke = await f.postForm(
      `${fx.server.issuer}/oauth2/revoke`,
      { token: tokens.access_token },
      f.basic(fx.confidential.client_id, fx.confidential.client_secret),
    );
    expect(revoke.status).toBe(200);
    const response = await userinfo({ authorization: `Bearer ${tokens.access_token}` });
    expectBearerRefusal(response);
    expect(response.json.error).toBe("invalid_token");
  });

  it.each([
    ["an unknown token", "unknown-token"],
    ["an alg=none JWT", "none"],
  ])("revocation of %s answers 200 (RFC 7009 §2.2)", async (_label, token) => {
    const value = token === "none" ? unsignedJwt(claims) : token;
    const response = await f.withoutPersisting(fx.server, () =>
      f.postForm(`${fx.server.issuer}/oauth2/revoke`, { token: value }, f.basic(fx.confidential.client_id, fx.confidential.client_secret)),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("revocation without client authentication is 401 invalid_client", async () => {
    const response = await f.postForm(`${fx.server.issuer}/oauth2/revoke`, { token: "anything" });
    expect({ status: response.status, error: response.json.error }).toEqual({ status: 401, error: "invalid_client" });
    expect(response.headers.get("www-authenticate")).toMatch(/^Basic\b/);
  });

  it("a client revoking another client's token has no effect", async () => {
    const tokens = await f.issueTokens(fx.server, fx.user, fx.confidential);
    for (const token of [tokens.access_token, tokens.refresh_token ?? ""]) {
      const response = await f.postForm(`${fx.server.issuer}/oauth2/revoke`, { token }, f.basic(other.client_id, other.client_secret));
      expect(response.status).toBe(200);
      expect((await f.introspect(fx.server, fx.confidential, token)).active).toBe(true);
    }
  });

  it("introspection without client authentication is 401 invalid_client with a challenge", async () => {
    const tokens = await f.issueTokens(fx.server, fx.user, fx.confidential);
    const response = await f.postForm(`${fx.server.issuer}/oauth2/introspect`, { token: tokens.access_token });
    expect({ status: response.status, error: response.json.error }).toEqual({ status: 401, error: "invalid_client" });
    expect(response.headers.get("www-authenticate")).toMatch(/^Basic\b/);
    expect(response.json.active).toBeUndefined();
  });

  it("introspection with a wrong secret is 401 invalid_client", async () => {
    const response = await f.postForm(`${fx.server.issuer}/oauth2/introspect`, { token: "x" }, f.basic(fx.confidential.client_id, "wrong"));
    expect({ status: response.status, error: response.json.error }).toEqual({ status: 401, error: "invalid_client" });
  });

  it("introspection of another client's token reveals nothing", async () => {
    const tokens = await f.issueTokens(fx.server, fx.user, fx.confidential);
    expect(await f.introspect(fx.server, other, tokens.access_token)).toEqual({ active: false });
  });

  it.each([
    ["an alg=none JWT", () => unsignedJwt(claims)],
    ["a forged RS256 JWT", () => forgedJwt(claims, kid)],
  ])("introspection of %s is inactive, not an error", async (_label, token) => {
    expect(await f.introspect(fx.server, fx.confidential, token())).toEqual({ active: false });
  });

  const endSession = (params: Record<string, string>) => f.http(`${fx.server.issuer}/oauth2/end-session?${new URLSearchParams(params).toString()}`);

  it("end-session with a forged id_token_hint does not redirect", async () => {
    const response = await f.withoutPersisting(fx.server, () =>
      endSession({
        id_token_hint: forgedJwt({ ...claims, aud: fx.confidential.client_id }, kid),
        post_logout_redirect_uri: "http://localhost:8765/logged-out",
      }),
    );
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get("location")).toBeNull();
  });

  it("end-session with an unregistered post_logout_redirect_uri does not redirect", async () => {
    const tokens = await f.issueTokens(fx.server, fx.user, fx.confidential);
    const response = await endSession({ id_token_hint: tokens.id_token ?? "", post_logout_redirect_uri: "https://evil.example/logged-out" });
    // A genuine hint still logs the session out; only the redirect is withheld.
    expect(response.status).toBe(200);
    expect(response.headers.get("location")).toBeNull();
    expect(response.body).not.toContain('evil.example/logged-out"');
  });

  it.each([
    ["end-session", () => endSession({ client_id: "\u0000" })],
    ["userinfo", () => f.http(`${fx.server.issuer}/oauth2/userinfo?x=%00`, { headers: { authorization: "Bearer a" } })],
    [
      "revocation",
      () => f.postForm(`${fx.server.issuer}/oauth2/revoke`, { token: "a\u0000b" }, f.basic(fx.confidential.client_id, fx.confidential.client_secret)),
    ],
  ])("%s refuses a NUL byte with 400 invalid_request (found by fuzzing: was a 500)", async (_label, request) => {
    const response = await f.withoutPersisting(fx.server, request);
    expect({ status: response.status, error: response.json.error }).toEqual({ status: 400, error: "invalid_request" });
  });

  it("end-session with an alg=none id_token_hint does not redirect", async () => {
    const response = await endSession({
      id_token_hint: unsignedJwt({ ...claims, aud: fx.confidential.client_id }),
      post_logout_redirect_uri: "http://localhost:8765/logged-out",
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get("location")).toBeNull();
  });
});
