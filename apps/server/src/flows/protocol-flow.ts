import * as oidc from "openid-client";
import { completeAuthorization } from "@iam/testing";
import type { BrowserAgent } from "@iam/testing";

/**
 * The code flow with PKCE like `runCodeFlow`, for what it does not cover: another redirect URI
 * (a second pairwise sector) and DPoP-bound tokens (openid-client's DPoP handle on every call).
 */
export async function codeFlow(
  config: oidc.Configuration,
  browser: BrowserAgent,
  {
    redirectUri,
    scope = "openid profile email",
    DPoP,
    parameters = {},
  }: { redirectUri: string; scope?: string; DPoP?: oidc.DPoPHandle; parameters?: Record<string, string> },
) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope,
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    ...parameters,
  });
  const callback = new URL(await completeAuthorization(browser, url.origin, url.toString()));
  return oidc.authorizationCodeGrant(
    config,
    callback,
    { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce },
    undefined,
    DPoP ? { DPoP } : undefined,
  );
}
