import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds, startTestServerOn } from "@iam/testing";
import type { TestServer } from "@iam/testing";

describe.each(testDatabaseKinds())("discovery on $label", (kind) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServerOn(kind);
  });
  afterAll(async () => {
    await server?.close();
  });

  it("serves the same metadata at all four well-known URLs", async () => {
    const urls = [
      `${server.issuer}/.well-known/openid-configuration`,
      `${server.issuer}/.well-known/oauth-authorization-server`,
      `${server.url}/.well-known/openid-configuration/api/auth`,
      `${server.url}/.well-known/oauth-authorization-server/api/auth`,
    ];
    for (const url of urls) {
      const response = await fetch(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get("content-type"), url).toContain("application/json");
      expect(response.headers.get("access-control-allow-origin"), url).toBe("*");
      const metadata = (await response.json()) as Record<string, unknown>;
      expect(metadata, url).toMatchObject({
        issuer: server.issuer,
        authorization_endpoint: `${server.issuer}/oauth2/authorize`,
        token_endpoint: `${server.issuer}/oauth2/token`,
        jwks_uri: `${server.issuer}/jwks`,
        code_challenge_methods_supported: ["S256"],
      });
    }
  });

  it("advertises what an OpenID relying party needs", async () => {
    const config = await oidc.discovery(new URL(server.issuer), "unused", undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
    });
    const metadata = config.serverMetadata();
    expect(metadata.id_token_signing_alg_values_supported).toContain("RS256");
    expect(metadata.scopes_supported).toEqual(expect.arrayContaining(["openid", "profile", "email", "offline_access"]));
    expect(metadata.grant_types_supported).toEqual(expect.arrayContaining(["authorization_code", "refresh_token", "client_credentials"]));
    expect(metadata.userinfo_endpoint).toBe(`${server.issuer}/oauth2/userinfo`);
    expect(metadata.introspection_endpoint).toBe(`${server.issuer}/oauth2/introspect`);
    expect(metadata.revocation_endpoint).toBe(`${server.issuer}/oauth2/revoke`);
    expect(metadata.end_session_endpoint).toBe(`${server.issuer}/oauth2/end-session`);
    expect(metadata.response_types_supported).toEqual(["code"]);
    // Public clients (PKCE, no secret) are registered by admins; upstream advertises "none" only
    // with open registration, so the configuration's advertisedMetadata must keep it listed.
    expect(metadata.token_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(["none", "client_secret_basic", "client_secret_post"]));
  });

  it("answers /healthz and /readyz", async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: "ok" });
    expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ status: "ready" });
  });
});
