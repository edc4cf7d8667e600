import type { PageSearchParams } from "./search-params.ts";
import { toUrlSearchParams } from "./search-params.ts";

const SIGNED_NAMES_PARAM = "ba_param";

/**
 * The part of the page's query that the provider signed (`sig`, `ba_param` and every parameter
 * `ba_param` names), as Better Auth expects it back in `oauth_query`. Parameters added after
 * signing, such as the login page's own `error`, are left out.
 */
export function signedOAuthQuery(params: PageSearchParams): string | undefined {
  const search = toUrlSearchParams(params);
  const signedNames = new Set(search.getAll(SIGNED_NAMES_PARAM));
  if (!search.has("sig") || signedNames.size === 0) return undefined;
  const signed = new URLSearchParams();
  for (const [key, value] of search) {
    if (key === "sig" || key === SIGNED_NAMES_PARAM || signedNames.has(key)) signed.append(key, value);
  }
  return signed.toString();
}

/** The authorization request's own parameters, read from the signed query (not trusted until the API verifies it). */
export function authorizationRequest(oauthQuery: string) {
  const search = new URLSearchParams(oauthQuery);
  const expiresAt = Number(search.get("exp"));
  return {
    clientId: search.get("client_id") ?? "",
    scopes: (search.get("scope") ?? "").split(" ").filter(Boolean),
    prompts: new Set((search.get("prompt") ?? "").split(" ").filter(Boolean)),
    expired: Number.isFinite(expiresAt) && expiresAt > 0 && expiresAt * 1000 < Date.now(),
  };
}
