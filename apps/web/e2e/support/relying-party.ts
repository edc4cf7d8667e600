import * as oidc from "openid-client";
import { BrowserAgent, TEST_ADMIN } from "@iam/testing";
import type { CallbackServer } from "./callback-server.ts";
import type { E2eStack } from "./e2e-stack.ts";

export interface E2eClient {
  clientId: string;
  clientSecret: string;
  config: oidc.Configuration;
}

/** An HTTP agent on the console's origin (Better Auth trusts only that origin). */
export function consoleAgent(stack: E2eStack): BrowserAgent {
  return new BrowserAgent(stack.web.url);
}

async function postJson(agent: BrowserAgent, url: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await agent.fetchJson(url, "POST", body);
  if (response.status >= 300) throw new Error(`${url}: ${response.status} ${response.body}`);
  return JSON.parse(response.body) as Record<string, unknown>;
}

export async function createUser(stack: E2eStack, email: string, password: string, name: string): Promise<void> {
  await postJson(consoleAgent(stack), `${stack.api.url}/api/auth/sign-up/email`, { email, password, name });
}

/**
 * Registers a confidential client through the admin API (as the console does) whose redirect and
 * post-logout URIs point at the test's callback server, and configures openid-client by discovery.
 */
export async function registerE2eClient(stack: E2eStack, rp: CallbackServer, fields: Record<string, unknown> = {}): Promise<E2eClient> {
  const admin = consoleAgent(stack);
  await postJson(admin, `${stack.api.url}/api/auth/sign-in/email`, TEST_ADMIN);
  const created = await postJson(admin, `${stack.api.url}/api/admin/oauth-clients`, {
    client_name: "Acme Notes",
    redirect_uris: [rp.redirectUri],
    post_logout_redirect_uris: [rp.postLogoutRedirectUri],
    application_type: "native",
    token_endpoint_auth_method: "client_secret_basic",
    enable_end_session: true,
    client_uri: `${rp.origin}/`,
    policy_uri: `${rp.origin}/privacy`,
    tos_uri: `${rp.origin}/terms`,
    ...fields,
  });
  const clientId = String(created.client_id);
  const clientSecret = String(created.client_secret);
  const config = await oidc.discovery(new URL(stack.api.issuer), clientId, undefined, oidc.ClientSecretBasic(clientSecret), {
    execute: [oidc.allowInsecureRequests],
  });
  oidc.enableNonRepudiationChecks(config);
  return { clientId, clientSecret, config };
}

export interface AuthorizationAttempt {
  url: string;
  state: string;
  nonce: string;
  verifier: string;
}

/** An authorization request with PKCE S256, state and nonce, as a relying party builds it. */
export async function buildAuthorization(client: E2eClient, rp: CallbackServer, params: Record<string, string> = {}): Promise<AuthorizationAttempt> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(client.config, {
    redirect_uri: rp.redirectUri,
    scope: "openid profile email",
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    ...params,
  });
  return { url: url.toString(), state, nonce, verifier };
}

/** The relying party's token exchange: checks state, nonce, PKCE, `iss` and the ID token signature. */
export function redeem(client: E2eClient, attempt: AuthorizationAttempt, callback: URL) {
  return oidc.authorizationCodeGrant(client.config, callback, {
    pkceCodeVerifier: attempt.verifier,
    expectedState: attempt.state,
    expectedNonce: attempt.nonce,
    idTokenExpected: true,
  });
}
