import { createRemoteJWKSet, customFetch as joseCustomFetch } from "jose";
import type { JWTVerifyGetKey } from "jose";
import * as oidc from "openid-client";
import type { RpConfig } from "./config.ts";

export interface Provider {
  config: oidc.Configuration;
  /** The provider's signing keys, fetched (and re-fetched on an unknown `kid`) by jose. */
  jwks: JWTVerifyGetKey;
  issuer: string;
  /** The public end-session endpoint, for the browser. */
  endSessionEndpoint: string | undefined;
}

/**
 * Discovery from the public issuer, but every server-to-server request goes to the internal URL:
 * the issuer and the URLs a browser visits stay public, while this app's own calls (discovery,
 * token, JWKS, userinfo) stay inside the network.
 */
export async function connectProvider(rp: RpConfig): Promise<Provider> {
  const publicOrigin = new URL(rp.issuer).origin;
  const toInternal = (input: string): string =>
    rp.internalUrl && input.startsWith(publicOrigin) ? `${rp.internalUrl}${input.slice(publicOrigin.length)}` : input;
  const internalFetch: oidc.CustomFetch = (url, options) => fetch(toInternal(url), options as RequestInit);

  const insecure = new URL(rp.issuer).protocol === "http:" || rp.internalUrl?.startsWith("http:");
  const config = await oidc.discovery(new URL(rp.issuer), rp.clientId, undefined, oidc.ClientSecretBasic(rp.clientSecret), {
    [oidc.customFetch]: internalFetch,
    // Only plain http (a local provider, or the internal network) needs this.
    ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
  });
  config[oidc.customFetch] = internalFetch;
  const metadata = config.serverMetadata();
  if (!metadata.jwks_uri) throw new Error("The provider publishes no jwks_uri");
  const jwks = createRemoteJWKSet(new URL(metadata.jwks_uri), {
    [joseCustomFetch]: (url: string, options: RequestInit) => fetch(toInternal(url), options),
  });
  return { config, jwks, issuer: metadata.issuer, endSessionEndpoint: metadata.end_session_endpoint };
}
