import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverClient, registerClient, RP_REDIRECT_URI, signUp, signInAdmin, startTestServerOn, testDatabaseKinds } from "@iam/testing";
import type { BrowserAgent, RegisteredClient, TestServer } from "@iam/testing";
import { codeFlow } from "./protocol-flow.ts";

describe.each(testDatabaseKinds())("DPoP (RFC 9449) on $label", (kind) => {
  let server: TestServer;
  let person: BrowserAgent;
  let client: RegisteredClient;

  beforeAll(async () => {
    server = await startTestServerOn(kind);
    person = await signUp(server, "dpop@test.example", "dpop-password-123", "Dee");
    const admin = await signInAdmin(server);
    client = await registerClient(server, admin, {
      skip_consent: true,
      dpop_bound_access_tokens: true,
      grant_types: ["authorization_code", "refresh_token", "client_credentials"],
      client_credentials_scopes: ["api:read"],
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  const userinfo = (authorization: string, dpop?: string) =>
    fetch(`${server.issuer}/oauth2/userinfo`, { headers: { authorization, ...(dpop ? { dpop } : {}) } });

  it("binds the tokens to the client's key: userinfo and refresh need its proof, a bearer use is refused", async () => {
    const config = await discoverClient(server, client);
    const DPoP = oidc.getDPoPHandle(config, await oidc.randomDPoPKeyPair("ES256"));
    const tokens = await codeFlow(config, person, { redirectUri: RP_REDIRECT_URI, scope: "openid email offline_access", DPoP });
    expect(tokens.token_type.toLowerCase()).toBe("dpop");
    const sub = tokens.claims()?.sub ?? "";

    // openid-client sends `Authorization: DPoP …` with a fresh proof.
    expect((await oidc.fetchUserInfo(config, tokens.access_token, sub, { DPoP })).email).toBe("dpop@test.example");
    // Without its proof the token is refused, whichever scheme carries it.
    const asBearer = await userinfo(`Bearer ${tokens.access_token}`);
    expect(asBearer.status).toBe(401);
    expect(asBearer.headers.get("www-authenticate")).toMatch(/DPoP/);
    expect((await userinfo(`DPoP ${tokens.access_token}`)).status).toBe(401);
    // A proof from another key does not fit either.
    const other = oidc.getDPoPHandle(config, await oidc.randomDPoPKeyPair("ES256"));
    await expect(oidc.fetchUserInfo(config, tokens.access_token, sub, { DPoP: other })).rejects.toThrow();

    // Introspection reports the binding (RFC 9449 §6.2), so a resource server can check the proof.
    const introspection = await oidc.tokenIntrospection(config, tokens.access_token);
    expect(introspection.active).toBe(true);
    expect((introspection.cnf as { jkt?: string } | undefined)?.jkt).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // The refresh token is bound too: without the proof refused, with it a new DPoP pair.
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token ?? "")).rejects.toThrow();
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token ?? "", undefined, { DPoP });
    expect(refreshed.token_type.toLowerCase()).toBe("dpop");
  });

  it("refuses a token request from a DPoP client without a proof", async () => {
    const config = await discoverClient(server, client);
    await expect(oidc.clientCredentialsGrant(config, { scope: "api:read" })).rejects.toMatchObject({ error: "invalid_dpop_proof" });
  });

  it.each(["ES256", "EdDSA", "ES512", "PS256", "RS256"] as const)("accepts proofs signed with %s, as discovery advertises", async (alg) => {
    const discovery = await (await fetch(`${server.issuer}/.well-known/openid-configuration`)).json();
    expect(discovery.dpop_signing_alg_values_supported).toContain(alg);
    const config = await discoverClient(server, client);
    // openid-client names an Ed25519 key's algorithm "Ed25519" (RFC 9864); discovery and the
    // server use the polymorphic "EdDSA", which such a client can still send.
    const header = alg === "EdDSA" ? { [oidc.modifyAssertion]: (h: Record<string, unknown>) => void Object.assign(h, { alg: "EdDSA" }) } : undefined;
    const DPoP = oidc.getDPoPHandle(config, await oidc.randomDPoPKeyPair(alg), header);
    const tokens = await oidc.clientCredentialsGrant(config, { scope: "api:read" }, { DPoP });
    expect(tokens.token_type.toLowerCase()).toBe("dpop");
  });
});
