import type { Auth } from "@iam/auth";
import { AUTH_BASE_PATH } from "@iam/auth";
import { oauthProviderAuthServerMetadata, oauthProviderOpenIdConfigMetadata } from "@better-auth/oauth-provider";
import { Hono } from "hono";

/**
 * RFC 8414 §3 inserts the issuer's path after `/.well-known/…`; the issuer is `…/api/auth`,
 * so clients following the RFC look at the origin's root. Better Auth serves the forms under
 * its base path; these are the path-inserted ones it leaves to the host.
 */
export function wellKnownRoutes(auth: Auth) {
  const authServerMetadata = oauthProviderAuthServerMetadata(auth);
  const openIdConfiguration = oauthProviderOpenIdConfigMetadata(auth);
  return new Hono()
    .get(`/.well-known/oauth-authorization-server${AUTH_BASE_PATH}`, (c) => authServerMetadata(c.req.raw))
    .get(`/.well-known/openid-configuration${AUTH_BASE_PATH}`, (c) => openIdConfiguration(c.req.raw));
}
