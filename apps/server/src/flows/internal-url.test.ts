import { createServer, request } from "node:http";
import type { Server } from "node:http";
import { createRemoteJWKSet, jwtVerify } from "jose";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completeAuthorization, freePort, registerClient, RP_REDIRECT_URI, signInAdmin, signUp, testDatabaseKinds, startTestServerOn } from "@iam/testing";
import type { BrowserAgent, TestServer } from "@iam/testing";

/** The public front (a reverse proxy such as the deployment's Caddy): forwards everything, counts paths. */
function publicProxy(port: number, target: number): Promise<{ server: Server; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((incoming, outgoing) => {
    seen.push(new URL(incoming.url ?? "/", "http://proxy").pathname);
    const forwarded = request({ host: "127.0.0.1", port: target, path: incoming.url, method: incoming.method, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    forwarded.on("error", () => outgoing.writeHead(502).end());
    incoming.pipe(forwarded);
  });
  return new Promise((resolve) => server.listen(port, () => resolve({ server, seen })));
}

/**
 * The seed guides' AUTHENTIK_INTERNAL_URL: browsers reach the provider through its public URL,
 * the relying party's backend calls token, JWKS and userinfo on an internal address (another
 * host and port, no proxy hop), and the tokens still name the public issuer.
 */
describe.each(testDatabaseKinds())("an internal URL for server-to-server calls on $label", (kind) => {
  let server: TestServer;
  let proxy: { server: Server; seen: string[] };
  let publicIssuer: string;
  let internalOrigin: string;
  let user: BrowserAgent;

  beforeAll(async () => {
    const publicPort = await freePort();
    const internalPort = await freePort();
    server = await startTestServerOn(kind, { port: internalPort, baseUrl: `http://localhost:${publicPort}` });
    proxy = await publicProxy(publicPort, internalPort);
    publicIssuer = `http://localhost:${publicPort}/api/auth`;
    internalOrigin = `http://127.0.0.1:${internalPort}`;
    user = await signUp(server, "internal@test.example", "internal-password-1", "Internal User");
  });
  afterAll(async () => {
    await new Promise((resolve) => proxy?.server.close(resolve));
    await server?.close();
  });

  it("exchanges, verifies and calls userinfo on the internal address; tokens keep the public issuer", async () => {
    const admin = await signInAdmin(server);
    const client = await registerClient(server, admin, { access_token_format: "jwt" });
    const toInternal = (url: string) => url.replace(new URL(publicIssuer).origin, internalOrigin);
    const internalCalls: string[] = [];
    // As examples/relying-party does: discovery from the public issuer, every backend call rewritten.
    const config = await oidc.discovery(new URL(publicIssuer), client.client_id, undefined, oidc.ClientSecretBasic(client.client_secret), {
      execute: [oidc.allowInsecureRequests],
    });
    config[oidc.customFetch] = (url, options) => {
      internalCalls.push(new URL(toInternal(url)).pathname);
      return fetch(toInternal(url), options as RequestInit);
    };
    expect(config.serverMetadata().issuer).toBe(publicIssuer);
    expect(config.serverMetadata().token_endpoint).toBe(`${publicIssuer}/oauth2/token`);

    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: RP_REDIRECT_URI,
      scope: "openid email profile",
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state: "internal",
    });
    expect(url.origin).toBe(new URL(publicIssuer).origin);
    const callback = new URL(await completeAuthorization(user, url.origin, url.toString()));
    expect(callback.searchParams.get("iss")).toBe(publicIssuer);
    proxy.seen.length = 0;

    const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: "internal" });
    expect(tokens.claims()?.iss).toBe(publicIssuer);
    const jwks = createRemoteJWKSet(new URL(`${internalOrigin}/api/auth/jwks`));
    const { payload } = await jwtVerify(tokens.access_token, jwks, { issuer: publicIssuer, audience: client.client_id, typ: "at+jwt" });
    expect(payload.email).toBe("internal@test.example");
    const info = await oidc.fetchUserInfo(config, tokens.access_token, payload.sub ?? "");
    expect(info.email).toBe("internal@test.example");

    expect(internalCalls).toEqual(expect.arrayContaining(["/api/auth/oauth2/token", "/api/auth/oauth2/userinfo"]));
    // None of the server-to-server calls went through the public front.
    expect(proxy.seen.filter((path) => /oauth2\/(token|userinfo)|\/jwks/.test(path))).toEqual([]);
  });
});
