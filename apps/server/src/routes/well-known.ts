import type { Auth } from "@iam/auth";
import { AUTH_BASE_PATH } from "@iam/auth";
import { oauthProviderAuthServerMetadata, oauthProviderOpenIdConfigMetadata } from "@better-auth/oauth-provider";
import { createRoute, z } from "@hono/zod-openapi";
import { apiRouter, documented, jsonContent, publicRoute } from "../openapi/api-router.ts";

/** The fields every relying party reads; the rest of the metadata passes through as Better Auth builds it. */
const metadata = z.looseObject({
  issuer: z.string(),
  authorization_endpoint: z.string(),
  token_endpoint: z.string(),
  jwks_uri: z.string().optional(),
  scopes_supported: z.array(z.string()).optional(),
});

const discovery = publicRoute("Discovery");

const authServerMetadataRoute = createRoute({
  ...discovery,
  method: "get",
  path: `/.well-known/oauth-authorization-server${AUTH_BASE_PATH}`,
  summary: "RFC 8414 authorization server metadata (path-inserted form for the issuer …/api/auth).",
  responses: { 200: { description: "The metadata.", ...jsonContent(metadata) } },
});

const openIdConfigurationRoute = createRoute({
  ...discovery,
  method: "get",
  path: `/.well-known/openid-configuration${AUTH_BASE_PATH}`,
  summary: "OpenID Provider metadata (path-inserted form for the issuer …/api/auth).",
  responses: {
    200: {
      description: "The metadata.",
      ...jsonContent(metadata.extend({ userinfo_endpoint: z.string().optional(), id_token_signing_alg_values_supported: z.array(z.string()).optional() })),
    },
  },
});

/**
 * RFC 8414 §3 inserts the issuer's path after `/.well-known/…`; the issuer is `…/api/auth`,
 * so clients following the RFC look at the origin's root. Better Auth serves the forms under
 * its base path; these are the path-inserted ones it leaves to the host.
 */
export function wellKnownRoutes(auth: Auth) {
  const authServerMetadata = oauthProviderAuthServerMetadata(auth);
  const openIdConfiguration = oauthProviderOpenIdConfigMetadata(auth);
  const router = apiRouter();
  documented(router, authServerMetadataRoute, (c) => authServerMetadata(c.req.raw));
  return documented(router, openIdConfigurationRoute, (c) => openIdConfiguration(c.req.raw));
}
