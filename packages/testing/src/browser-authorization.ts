import * as oidc from "openid-client";
import type { BrowserAgent } from "./browser-agent.ts";
import { RP_REDIRECT_URI } from "./relying-party.ts";

/** An authorization a test started in a browser agent, with what redeeming its code needs. */
export interface StartedAuthorization {
  url: string;
  /** Where the provider sent the browser first (the login page, a second-factor page, the callback). */
  location: string;
  /** The signed query the provider put on that page's URL. */
  oauthQuery: string;
  verifier: string;
  state: string;
  nonce: string;
}

/**
 * Starts a code flow with PKCE, state and nonce (scope `openid email` unless `extra` says otherwise)
 * in `browser`, as a relying party's redirect would, and stops at the provider's first answer.
 */
export async function startAuthorization(config: oidc.Configuration, browser: BrowserAgent, extra: Record<string, string> = {}): Promise<StartedAuthorization> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: RP_REDIRECT_URI,
    scope: "openid email",
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    ...extra,
  });
  const location = (await browser.navigate(url.toString())).location ?? "";
  return { url: url.toString(), location, oauthQuery: new URL(location, url).search.slice(1), verifier, state, nonce };
}

/** Redeems the code the callback URL carries, checking state, nonce and the ID token as openid-client does. */
export function redeemCallback(config: oidc.Configuration, attempt: Pick<StartedAuthorization, "verifier" | "state" | "nonce">, callback: string) {
  return oidc.authorizationCodeGrant(config, new URL(callback), {
    pkceCodeVerifier: attempt.verifier,
    expectedState: attempt.state,
    expectedNonce: attempt.nonce,
    idTokenExpected: true,
  });
}
