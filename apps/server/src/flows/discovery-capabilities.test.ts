import { ACR_VALUES } from "@iam/auth";
import { DEVICE_CODE_GRANT } from "@iam/schemas";
import { user as userTable } from "@iam/db/schema";
import { eq } from "drizzle-orm";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, discoverClient, registerClient, RP_REDIRECT_URI, runCodeFlow, signInAdmin, signUp, startTestServerOn, testDatabaseKinds } from "@iam/testing";
import type { BrowserAgent, RegisteredClient, TestServer } from "@iam/testing";
import { codeFlow } from "./protocol-flow.ts";

type Discovery = Record<string, unknown>;
type Check = (value: unknown) => Promise<void>;

const insecure = { execute: [oidc.allowInsecureRequests] };

/**
 * Every field of the discovery document paired with a request that uses it: a capability the
 * provider advertises but does not deliver fails here, and so does a field nobody checks (a new
 * advertised capability needs its request first).
 */
describe.each(testDatabaseKinds())("discovery claims only what works on $label", (kind) => {
  let server: TestServer;
  let admin: BrowserAgent;
  let person: BrowserAgent;
  let confidential: RegisteredClient;
  let postClient: RegisteredClient;
  let discovery: Discovery;

  beforeAll(async () => {
    server = await startTestServerOn(kind);
    admin = await signInAdmin(server);
    person = await signUp(server, "cleo@test.example", "cleo-password-123", "Cleo Vance");
    // `picture` needs an image, and the organization claims a role: give the person both.
    await server.database.db.update(userTable).set({ image: "https://example.com/cleo.png" }).where(eq(userTable.email, "cleo@test.example"));
    confidential = await registerClient(server, admin, {
      grant_types: ["authorization_code", "refresh_token", "client_credentials"],
      client_credentials_scopes: ["api:read", "api:write"],
      enable_end_session: true,
      post_logout_redirect_uris: ["http://localhost:8765/signed-out"],
      scope: "openid profile email offline_access organization",
    });
    postClient = await registerClient(server, admin, {
      token_endpoint_auth_method: "client_secret_post",
      grant_types: ["client_credentials"],
      redirect_uris: undefined,
      client_credentials_scopes: ["api:read"],
      application_type: "web",
    });
    discovery = (await (await fetch(`${server.issuer}/.well-known/openid-configuration`)).json()) as Discovery;
  });
  afterAll(async () => {
    await server?.close();
  });

  const list = (value: unknown) => value as string[];
  /** A relying party authenticating with `authentication` (each client is registered for one method). */
  const rp = (authentication: "client_secret_basic" | "client_secret_post" = "client_secret_basic") =>
    authentication === "client_secret_post" ? discoverClient(server, postClient, authentication) : discoverClient(server, confidential, authentication);
  /** Where the provider sends a signed-in browser first for these authorize parameters. */
  async function firstHop(parameters: Record<string, string>) {
    const config = await rp();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: RP_REDIRECT_URI,
      scope: "openid",
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: "S256",
      ...parameters,
    });
    return new URL(await person.followRedirects(url.toString(), (next) => next.startsWith(`${server.issuer}/oauth2/authorize`)));
  }

  /** A client authenticating with private_key_jwt, one key per advertised signing algorithm. */
  async function privateKeyJwtClient(algs: string[]) {
    const keys = await Promise.all(algs.map(async (alg) => ({ alg, pair: await oidc.randomDPoPKeyPair(alg) })));
    const jwks = {
      keys: await Promise.all(keys.map(async ({ alg, pair }) => ({ ...(await crypto.subtle.exportKey("jwk", pair.publicKey)), kid: alg, alg, use: "sig" }))),
    };
    const issued = await callApi<{ token: string }>(server, admin, "POST", "/api/admin/initial-access-tokens", { name: "private_key_jwt check" });
    const registered = await oidc.dynamicClientRegistration(
      new URL(server.issuer),
      // openid-client types `jwks` narrowly; the JWK set is a JSON value like any other metadata.
      { redirect_uris: [RP_REDIRECT_URI], application_type: "native", token_endpoint_auth_method: "private_key_jwt", jwks: jwks as unknown as oidc.JsonValue },
      oidc.None(),
      { ...insecure, initialAccessToken: issued.body.token },
    );
    const clientId = registered.clientMetadata().client_id;
    return (alg: string) => {
      const key = keys.find((entry) => entry.alg === alg);
      if (!key) throw new Error(`no key for ${alg}`);
      const asAlg = { [oidc.modifyAssertion]: (header: Record<string, unknown>) => void Object.assign(header, { alg }) };
      return oidc.discovery(new URL(server.issuer), clientId, undefined, oidc.PrivateKeyJwt({ key: key.pair.privateKey, kid: alg }, asAlg), insecure);
    };
  }

  const endpoint = (path: string) => async (value: unknown) => expect(value).toBe(`${server.issuer}${path}`);
  const signingAlgs = (what: "token" | "introspection" | "revocation") => async (value: unknown) => {
    const asClient = await privateKeyJwtClient(list(value));
    const { tokens } = await runCodeFlow(await asClient("RS256"), person, "openid offline_access");
    let refreshToken = tokens.refresh_token ?? "";
    for (const alg of list(value)) {
      const config = await asClient(alg);
      if (what === "token") refreshToken = (await oidc.refreshTokenGrant(config, refreshToken)).refresh_token ?? "";
      if (what === "introspection") expect((await oidc.tokenIntrospection(config, tokens.access_token)).active, alg).toBe(true);
      if (what === "revocation") await oidc.tokenRevocation(config, `unknown-${alg}`);
    }
  };
  const clientAuthMethods = (what: "introspection" | "revocation") => async (value: unknown) => {
    expect(list(value)).toEqual(["client_secret_basic", "client_secret_post", "private_key_jwt"]);
    for (const method of ["client_secret_basic", "client_secret_post"] as const) {
      const config = await rp(method);
      const token = (await oidc.clientCredentialsGrant(config, { scope: "api:read" })).access_token;
      if (what === "introspection") expect((await oidc.tokenIntrospection(config, token)).active, method).toBe(true);
      else {
        await oidc.tokenRevocation(config, token);
        expect((await oidc.tokenIntrospection(config, token)).active, method).toBe(false);
      }
    }
    // private_key_jwt: the *_signing_alg_values_supported check authenticates with it at this endpoint.
  };

  const CHECKS: Record<string, Check> = {
    issuer: async (value) => expect(value).toBe(server.issuer),
    authorization_endpoint: endpoint("/oauth2/authorize"),
    token_endpoint: endpoint("/oauth2/token"),
    userinfo_endpoint: endpoint("/oauth2/userinfo"),
    introspection_endpoint: endpoint("/oauth2/introspect"),
    revocation_endpoint: endpoint("/oauth2/revoke"),
    end_session_endpoint: async (value) => {
      const { tokens } = await runCodeFlow(await rp(), person, "openid");
      const url = new URL(value as string);
      url.searchParams.set("id_token_hint", tokens.id_token ?? "");
      url.searchParams.set("post_logout_redirect_uri", "http://localhost:8765/signed-out");
      const landed = await person.followRedirects(url.toString(), (next) => next.startsWith(server.url));
      expect(landed).toMatch(/^http:\/\/localhost:8765\/signed-out/);
      person = await signUp(server, `cleo+${Date.now()}@test.example`, "cleo-password-123", "Cleo Vance");
    },
    jwks_uri: async (value) => {
      const jwks = (await (await fetch(value as string)).json()) as { keys: { kid: string }[] };
      const { tokens } = await runCodeFlow(await rp(), person, "openid");
      const kid = JSON.parse(Buffer.from((tokens.id_token ?? "").split(".")[0] ?? "", "base64url").toString()).kid;
      expect(jwks.keys.map((key) => key.kid)).toContain(kid);
    },
    registration_endpoint: async (value) => {
      const issued = await callApi<{ token: string }>(server, admin, "POST", "/api/admin/initial-access-tokens", { name: "discovery check" });
      const answer = await fetch(value as string, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${issued.body.token}` },
        body: JSON.stringify({ redirect_uris: [RP_REDIRECT_URI], application_type: "native" }),
      });
      expect(answer.status).toBe(201);
    },
    scopes_supported: async (value) => {
      const oidcScopes = list(value).filter((scope) => !scope.startsWith("api:"));
      const { tokens } = await runCodeFlow(await rp(), person, oidcScopes.join(" "));
      expect(tokens.scope?.split(" ").sort()).toEqual([...oidcScopes].sort());
      const apiScopes = list(value).filter((scope) => scope.startsWith("api:"));
      expect((await oidc.clientCredentialsGrant(await rp(), { scope: apiScopes.join(" ") })).scope?.split(" ").sort()).toEqual(apiScopes.sort());
    },
    response_types_supported: async (value) => expect(value).toEqual(["code"]),
    response_modes_supported: async (value) => {
      expect(value).toEqual(["query"]);
      expect((await firstHop({ prompt: "none" })).searchParams.get("code")).toBeTruthy();
    },
    authorization_response_iss_parameter_supported: async (value) => {
      expect(value).toBe(true);
      expect((await firstHop({ prompt: "none" })).searchParams.get("iss")).toBe(server.issuer);
    },
    grant_types_supported: async (value) => {
      // The device-code grant is driven end to end in apps/web/e2e/device-flow.test.ts.
      expect([...list(value)].sort()).toEqual(["authorization_code", "client_credentials", "refresh_token", DEVICE_CODE_GRANT].sort());
      const { tokens } = await runCodeFlow(await rp(), person);
      expect((await oidc.refreshTokenGrant(await rp(), tokens.refresh_token ?? "")).access_token).toBeTruthy();
      expect((await oidc.clientCredentialsGrant(await rp(), { scope: "api:read" })).access_token).toBeTruthy();
    },
    token_endpoint_auth_methods_supported: async (value) => {
      expect(value).toEqual(["none", "client_secret_basic", "client_secret_post", "private_key_jwt"]);
      const publicClient = await registerClient(server, admin, { token_endpoint_auth_method: "none" });
      expect((await runCodeFlow(await discoverClient(server, publicClient, "none"), person, "openid")).tokens.id_token).toBeTruthy();
      for (const method of ["client_secret_basic", "client_secret_post"] as const) {
        expect((await oidc.clientCredentialsGrant(await rp(method), { scope: "api:read" })).access_token).toBeTruthy();
      }
    },
    token_endpoint_auth_signing_alg_values_supported: signingAlgs("token"),
    introspection_endpoint_auth_methods_supported: clientAuthMethods("introspection"),
    introspection_endpoint_auth_signing_alg_values_supported: signingAlgs("introspection"),
    revocation_endpoint_auth_methods_supported: clientAuthMethods("revocation"),
    revocation_endpoint_auth_signing_alg_values_supported: signingAlgs("revocation"),
    code_challenge_methods_supported: async (value) => {
      expect(value).toEqual(["S256"]);
      const plain = await firstHop({ code_challenge_method: "plain", prompt: "none" });
      expect(plain.searchParams.get("error")).toBe("invalid_request");
    },
    // dpop.test.ts uses each algorithm at the token endpoint and the bound token at userinfo.
    dpop_signing_alg_values_supported: async (value) => {
      const DPoP = oidc.getDPoPHandle(await rp(), await oidc.randomDPoPKeyPair("ES256"));
      expect(list(value)).toContain("ES256");
      expect((await oidc.clientCredentialsGrant(await rp(), { scope: "api:read" }, { DPoP })).token_type.toLowerCase()).toBe("dpop");
    },
    // Delivery itself is proven in backchannel-logout.test.ts; here: a client can register for it.
    backchannel_logout_supported: async (value) => {
      expect(value).toBe(true);
      const updated = await callApi<{ backchannel_logout_uri?: string }>(server, admin, "PATCH", `/api/admin/oauth-clients/${confidential.client_id}`, {
        backchannel_logout_uri: "http://localhost:9/backchannel-logout",
      });
      expect(updated.body.backchannel_logout_uri).toBe("http://localhost:9/backchannel-logout");
    },
    backchannel_logout_session_supported: async (value) => {
      expect(value).toBe(true);
      const updated = await callApi<{ backchannel_logout_session_required?: boolean }>(
        server,
        admin,
        "PATCH",
        `/api/admin/oauth-clients/${confidential.client_id}`,
        {
          backchannel_logout_session_required: true,
        },
      );
      expect(updated.body.backchannel_logout_session_required).toBe(true);
    },
    claims_supported: async (value) => {
      const config = await rp();
      const { tokens } = await runCodeFlow(config, person, "openid profile email offline_access organization");
      const idToken = tokens.claims() ?? { sub: "" };
      const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub);
      const introspection = await oidc.tokenIntrospection(config, tokens.access_token);
      const seen = new Set([...Object.keys(idToken), ...Object.keys(userinfo), ...Object.keys(introspection)]);
      expect(list(value).filter((claim) => !seen.has(claim))).toEqual([]);
    },
    claims_parameter_supported: async (value) => {
      expect(value).toBe(true);
      const config = await rp();
      const tokens = await codeFlow(config, person, {
        redirectUri: RP_REDIRECT_URI,
        scope: "openid",
        parameters: { claims: JSON.stringify({ userinfo: { email: null } }) },
      });
      // Only `openid` was granted: the email comes from the claims request alone.
      expect(typeof (await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()?.sub ?? "")).email).toBe("string");
    },
    subject_types_supported: async (value) => {
      expect(value).toEqual(["public", "pairwise"]);
      const pairwise = await registerClient(server, admin, { subject_type: "pairwise", skip_consent: true });
      const publicSub = (await runCodeFlow(await rp(), person, "openid")).tokens.claims()?.sub;
      expect((await runCodeFlow(await discoverClient(server, pairwise), person, "openid")).tokens.claims()?.sub).not.toBe(publicSub);
    },
    device_authorization_endpoint: async (value) => {
      expect(value).toBe(`${server.issuer}/device/code`);
      const device = await registerClient(server, admin, { grant_types: [DEVICE_CODE_GRANT, "refresh_token"], redirect_uris: undefined });
      const config = await discoverClient(server, device);
      const started = await oidc.initiateDeviceAuthorization(config, { scope: "openid" });
      expect(started.user_code).toBeTruthy();
      expect(started.expires_in).toBeGreaterThan(0);
    },
    acr_values_supported: async (value) => {
      expect(value).toEqual([ACR_VALUES.singleFactor, ACR_VALUES.multiFactor]);
      // The step-up to the multi-factor value is driven in end-user/second-factor-flow.test.ts.
      expect((await runCodeFlow(await rp(), person, "openid")).tokens.claims()?.acr).toBe(ACR_VALUES.singleFactor);
      expect((await firstHop({ prompt: "none", acr_values: ACR_VALUES.singleFactor })).searchParams.get("code")).toBeTruthy();
    },
    id_token_signing_alg_values_supported: async (value) => {
      const { tokens } = await runCodeFlow(await rp(), person, "openid");
      expect(list(value)).toContain(JSON.parse(Buffer.from((tokens.id_token ?? "").split(".")[0] ?? "", "base64url").toString()).alg);
    },
    request_parameter_supported: async (value) => {
      expect(value).toBe(false);
      expect((await firstHop({ request: "e30.e30." })).searchParams.get("error")).toBe("request_not_supported");
    },
    request_uri_parameter_supported: async (value) => {
      expect(value).toBe(false);
      expect((await firstHop({ request_uri: "urn:ietf:params:oauth:request_uri:nothing" })).searchParams.get("error")).toBeTruthy();
    },
    prompt_values_supported: async (value) => {
      // Consent given first, so `none` can answer with a code.
      await runCodeFlow(await rp(), person, "openid");
      for (const prompt of list(value)) {
        const hop = await firstHop({ prompt });
        // A value the provider understands never comes back to the relying party as an error.
        expect(hop.searchParams.get("error"), prompt).toBeNull();
      }
    },
  };

  it("serves the same capabilities on every discovery path", async () => {
    for (const path of [
      `${server.issuer}/.well-known/oauth-authorization-server`,
      `${server.url}/.well-known/openid-configuration/api/auth`,
      `${server.url}/.well-known/oauth-authorization-server/api/auth`,
    ]) {
      const other = (await (await fetch(path)).json()) as Discovery;
      for (const [key, value] of Object.entries(other)) expect(value, `${path} ${key}`).toEqual(discovery[key]);
    }
  });

  it("has a check for every advertised field", () => {
    expect(Object.keys(discovery).filter((key) => !(key in CHECKS))).toEqual([]);
  });

  it("delivers every advertised capability", async () => {
    const failures: string[] = [];
    for (const [key, value] of Object.entries(discovery)) {
      try {
        await CHECKS[key]?.(value);
      } catch (error) {
        failures.push(`${key}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 240_000);
});
