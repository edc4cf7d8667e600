import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redactQueryParams } from "../http/logger.ts";
import { BrowserAgent, completeAuthorization, testDatabaseKinds } from "@iam/testing";
import * as f from "./fixture.ts";

describe("no secret in any log line", () => {
  let fx: f.SecurityFixture;
  const secrets = new Set<string>();

  beforeAll(async () => {
    fx = await f.startSecurityFixture(testDatabaseKinds()[0]!);
  });
  afterAll(async () => fx?.close());

  it("keeps passwords, client secrets, codes, tokens, cookies and signatures out of a full run's debug log", async () => {
    secrets.add(fx.userPassword);
    secrets.add(fx.confidential.client_secret ?? "");
    for (const value of fx.user.cookieHeader().split("; ")) secrets.add(value.split("=")[1]?.split(".")[0] ?? "");

    // Login through the signed query, with one wrong password first.
    const anonymous = new BrowserAgent(f.TEST_WEB_URL);
    const pair = f.pkce();
    secrets.add(pair.verifier);
    const login = await anonymous.navigate(
      f.authorizeUrl(fx.server, {
        response_type: "code",
        client_id: fx.confidential.client_id,
        redirect_uri: f.RP_REDIRECT_URI,
        scope: "openid email offline_access",
        state: "log-state",
        code_challenge: pair.challenge,
        code_challenge_method: "S256",
        prompt: "consent",
      }),
    );
    const query = new URL(login.location ?? "").searchParams;
    secrets.add(query.get("sig") ?? "");
    await anonymous.submitForm(`${fx.server.url}/api/auth/sign-in/email`, {
      email: fx.userEmail,
      password: "a-wrong-password-for-logs",
      oauth_query: query.toString(),
    });
    secrets.add("a-wrong-password-for-logs");
    const signedIn = await anonymous.submitForm(`${fx.server.url}/api/auth/sign-in/email`, {
      email: fx.userEmail,
      password: fx.userPassword,
      oauth_query: query.toString(),
    });
    const callback = await completeAuthorization(anonymous, fx.server.url, new URL(signedIn.location ?? "", fx.server.url).toString());
    const code = new URL(callback).searchParams.get("code") ?? "";
    expect(code).not.toBe("");
    secrets.add(code);
    for (const value of anonymous.cookieHeader().split("; ")) secrets.add(value.split("=")[1]?.split(".")[0] ?? "");

    const tokens = (await f.redeem(fx.server, fx.confidential, { code, verifier: pair.verifier, redirectUri: f.RP_REDIRECT_URI }))
      .json as unknown as f.TokenSet;
    await f.redeem(fx.server, fx.confidential, { code, verifier: pair.verifier, redirectUri: f.RP_REDIRECT_URI });
    secrets.add(tokens.access_token);
    secrets.add(tokens.refresh_token ?? "");
    secrets.add(tokens.id_token ?? "");
    const more = await f.issueTokens(fx.server, fx.user, fx.confidential);
    const refreshed = await f.refresh(fx.server, fx.confidential, more.refresh_token ?? "");
    for (const value of [more.access_token, more.refresh_token, refreshed.json.access_token, refreshed.json.refresh_token]) secrets.add(String(value));
    await f.http(`${fx.server.issuer}/oauth2/userinfo`, { headers: { authorization: `Bearer ${more.access_token}` } });
    await f.introspect(fx.server, fx.confidential, more.access_token);
    await f.postForm(`${fx.server.issuer}/oauth2/revoke`, { token: more.access_token }, f.basic(fx.confidential.client_id, fx.confidential.client_secret));
    await f.postForm(f.tokenUrl(fx.server), { grant_type: "client_credentials" }, f.basic(fx.confidential.client_id, "a-wrong-client-secret"));
    secrets.add("a-wrong-client-secret");
    const rotated = await f.http(`${fx.server.url}/api/admin/oauth-clients/${fx.confidential.client_id}/rotate-secret`, {
      method: "POST",
      headers: { cookie: fx.admin.cookieHeader(), origin: f.TEST_WEB_URL, "content-type": "application/json" },
      body: "{}",
    });
    secrets.add(String(rotated.json.client_secret ?? ""));

    const log = fx.logLines.join("\n");
    expect(fx.logLines.length).toBeGreaterThan(20);
    const leaked = [...secrets].filter((secret) => secret.length >= 8 && log.includes(secret));
    expect(leaked).toEqual([]);
    expect(log).not.toMatch(/[?&](code|access_token|refresh_token|sig|client_secret)=/);
  });

  it("redacts query parameters that database errors quote", () => {
    const line = JSON.stringify({
      message: 'Failed query: select 1 where "token" = $1\nparams: session-token-value',
      stack: "Error: x\nparams: a,b\n    at y",
    });
    const redacted = redactQueryParams(line);
    expect(redacted).not.toContain("session-token-value");
    expect(redacted).not.toContain("a,b");
    expect(redacted).toContain("params: [redacted]");
  });
});
