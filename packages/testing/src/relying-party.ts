import * as oidc from "openid-client";
import { BrowserAgent } from "./browser-agent.ts";
import { TEST_ADMIN, TEST_WEB_URL } from "./test-server.ts";
import type { TestServer } from "./test-server.ts";

export const RP_REDIRECT_URI = "http://localhost:8765/callback";

export interface RegisteredClient {
  client_id: string;
  client_secret?: string;
  [field: string]: unknown;
}

/** Signs in as the bootstrap admin and returns an agent holding the admin session cookie. */
export async function signInAdmin(server: TestServer): Promise<BrowserAgent> {
  return signIn(server, TEST_ADMIN.email, TEST_ADMIN.password);
}

export async function signIn(server: TestServer, email: string, password: string): Promise<BrowserAgent> {
  const agent = new BrowserAgent(TEST_WEB_URL);
  const response = await agent.fetchJson(`${server.url}/api/auth/sign-in/email`, "POST", { email, password });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${response.body}`);
  return agent;
}

export async function signUp(server: TestServer, email: string, password: string, name = "Test User"): Promise<BrowserAgent> {
  const agent = new BrowserAgent(TEST_WEB_URL);
  const response = await agent.fetchJson(`${server.url}/api/auth/sign-up/email`, "POST", { email, password, name });
  if (response.status !== 200) throw new Error(`sign-up failed: ${response.status} ${response.body}`);
  return agent;
}

/** Registers a client through the admin API, as the console and automation do. */
export async function registerClient(server: TestServer, admin: BrowserAgent, body: Record<string, unknown>): Promise<RegisteredClient> {
  const response = await admin.fetchJson(`${server.url}/api/admin/oauth-clients`, "POST", {
    client_name: "Test RP",
    redirect_uris: [RP_REDIRECT_URI],
    application_type: "native",
    ...body,
  });
  if (response.status !== 201) throw new Error(`client registration failed: ${response.status} ${response.body}`);
  return JSON.parse(response.body) as RegisteredClient;
}

/** A device's first call (RFC 8628) for a client enabled for the device grant: its user code. */
export async function requestUserCode(server: TestServer, client: RegisteredClient, scope = "openid"): Promise<string> {
  const response = await fetch(`${server.issuer}/device/code`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString("base64")}`,
    },
    body: new URLSearchParams({ client_id: client.client_id, scope }),
  });
  if (response.status !== 200) throw new Error(`device authorization failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { user_code: string }).user_code;
}

/** openid-client configured by discovery, as an outside relying party would be. */
export async function discoverClient(
  server: TestServer,
  client: RegisteredClient,
  authentication: "client_secret_basic" | "client_secret_post" | "none" = "client_secret_basic",
): Promise<oidc.Configuration> {
  const clientAuth =
    authentication === "none"
      ? oidc.None()
      : authentication === "client_secret_post"
        ? oidc.ClientSecretPost(client.client_secret)
        : oidc.ClientSecretBasic(client.client_secret);
  const config = await oidc.discovery(new URL(server.issuer), client.client_id, undefined, clientAuth, {
    execute: [oidc.allowInsecureRequests],
  });
  // Verify ID token signatures against the JWKS, not only their claims.
  oidc.enableNonRepudiationChecks(config);
  return config;
}

export interface CodeFlowResult {
  tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
  callbackUrl: URL;
  nonce: string;
}

/**
 * The authorization-code flow with PKCE S256 for a browser that already holds a session:
 * authorize → (consent, accepted) → callback → token exchange with state and nonce checks.
 */
export async function runCodeFlow(config: oidc.Configuration, browser: BrowserAgent, scope = "openid profile email offline_access"): Promise<CodeFlowResult> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const authorizeUrl = oidc.buildAuthorizationUrl(config, {
    redirect_uri: RP_REDIRECT_URI,
    scope,
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    ...(scope.includes("offline_access") ? { prompt: "consent" } : {}),
  });
  const callbackUrl = new URL(await completeAuthorization(browser, authorizeUrl.origin, authorizeUrl.toString()));
  const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
    idTokenExpected: scope.split(" ").includes("openid"),
  });
  return { tokens, callbackUrl, nonce };
}

/**
 * Drives a signed-in browser from `url` (authorize, or a hop after it) until it leaves the
 * provider, accepting consent when asked; returns the callback URL.
 */
export async function completeAuthorization(browser: BrowserAgent, providerOrigin: string, url: string): Promise<string> {
  const issuerOrigin = new URL(providerOrigin).origin;
  const stop = await browser.followRedirects(url, (next) => next.startsWith(issuerOrigin));
  if (!stop.startsWith(`${TEST_WEB_URL}/consent`)) return stop;
  const consent = await browser.fetchJson(`${issuerOrigin}/api/auth/oauth2/consent`, "POST", {
    accept: true,
    oauth_query: new URL(stop).search.slice(1),
  });
  if (consent.status !== 200) throw new Error(`consent failed: ${consent.status} ${consent.body}`);
  const { url: afterConsent } = JSON.parse(consent.body) as { url: string };
  return browser.followRedirects(afterConsent, (next) => next.startsWith(issuerOrigin));
}
