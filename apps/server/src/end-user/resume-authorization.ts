import { AUTH_PATHS, fullAuthPath } from "@iam/auth";

/** Parameters the provider adds when it signs a query; not part of the relying party's request. */
const SIGNING_PARAMS = ["sig", "exp", "ba_param", "ba_iat", "ba_pl"];

/**
 * The relying party's own authorization request, taken back out of the signed `oauth_query` the
 * login page carries. A link in a mail may be followed long after that signature expired (ten
 * minutes); entering the authorization endpoint again with these parameters resumes the same
 * request (same client, redirect_uri, state, PKCE challenge), and the endpoint checks them all
 * again, so the link can only lead where the request itself could. The person has just proven
 * who they are, hence `login` and `create` are dropped from `prompt`.
 */
export function authorizationParams(oauthQuery: string): URLSearchParams | undefined {
  const params = new URLSearchParams(oauthQuery);
  for (const name of SIGNING_PARAMS) params.delete(name);
  if (!params.get("client_id") || !params.get("redirect_uri")) return undefined;
  const prompts = (params.get("prompt") ?? "").split(" ").filter((prompt) => prompt && prompt !== "login" && prompt !== "create");
  if (prompts.length > 0) params.set("prompt", prompts.join(" "));
  else params.delete("prompt");
  return params;
}

/** `${baseUrl}/api/auth/oauth2/authorize?…` for the request in `oauthQuery`; always this provider's endpoint. */
export function resumeAuthorizationUrl(baseUrl: string, oauthQuery: string | undefined): string | undefined {
  const params = oauthQuery ? authorizationParams(oauthQuery) : undefined;
  return params ? `${baseUrl}${fullAuthPath(AUTH_PATHS.authorize)}?${params.toString()}` : undefined;
}
