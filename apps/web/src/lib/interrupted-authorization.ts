import "server-only";
import { redirect } from "next/navigation";
import type { ClientInfo } from "./client-info.ts";
import { lookUpClient } from "./client-info.ts";
import type { PageSearchParams } from "./search-params.ts";
import { authorizationRequest, signedOAuthQuery } from "./signed-query.ts";

/**
 * The authorization a sign-in step interrupted (the second factor, a required enrollment): its
 * signed query, to carry on, and the client it names, to show. An expired signature or a client
 * that cannot be shown goes to the error page; a page reached outside an authorization (the
 * console's own sign-in) gets undefined.
 */
export async function interruptedAuthorization(
  params: PageSearchParams,
  apiUrl: string,
  webUrl: string,
): Promise<{ oauthQuery: string; client: ClientInfo } | undefined> {
  const oauthQuery = signedOAuthQuery(params);
  if (!oauthQuery) return undefined;
  const request = authorizationRequest(oauthQuery);
  if (request.expired) redirect("/error?error=invalid_signature");
  const lookup = await lookUpClient(apiUrl, webUrl, request.clientId, oauthQuery);
  if (!lookup.ok) redirect(`/error?error=${lookup.error}`);
  return { oauthQuery, client: lookup.client };
}
