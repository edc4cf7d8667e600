import { Button, Card } from "@iam/ui";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ClientHeader } from "@/components/end-user/client-header";
import { ScopeList } from "@/components/end-user/scope-list";
import { lookUpClient } from "@/lib/client-info";
import { runtimeConfig } from "@/lib/runtime-config";
import type { PageSearchParams } from "@/lib/search-params";
import { authorizationRequest, signedOAuthQuery } from "@/lib/signed-query";

export const metadata: Metadata = { title: "Allow access?", robots: { index: false } };
export const dynamic = "force-dynamic";

/**
 * Asks the signed-in person whether the application may have what it asked for. Allow and Deny
 * are plain form buttons posting `accept` and `oauth_query`; the API turns the post into Better
 * Auth's JSON consent call and redirects the browser to the application (with a code, or with
 * `error=access_denied` and the original `state`).
 */
export default async function ConsentPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const oauthQuery = signedOAuthQuery(await searchParams);
  if (!oauthQuery) redirect("/error?error=invalid_signature");
  const request = authorizationRequest(oauthQuery);
  if (request.expired) redirect("/error?error=invalid_signature");
  const { apiUrl, webUrl } = runtimeConfig();
  const lookup = await lookUpClient(apiUrl, webUrl, request.clientId, oauthQuery);
  if (!lookup.ok) redirect(`/error?error=${lookup.error}`);
  const scopes = request.scopes.length > 0 ? request.scopes : ["openid"];

  return (
    <Card title="Allow access?">
      <ClientHeader client={lookup.client} lead="Requested by" />
      <p className="text-sm text-slate-700">
        <strong className="font-semibold">{lookup.client.name}</strong> is asking for:
      </p>
      <ScopeList scopes={scopes} />
      <p className="mt-4 text-xs leading-5 text-slate-500">
        You can withdraw this permission later on{" "}
        <a href={`${webUrl}/account#applications`} className="underline">
          your account page
        </a>
        . Only allow applications you trust.
      </p>
      <form method="post" action={`${apiUrl}/api/auth/oauth2/consent`} className="mt-6 flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
        <input type="hidden" name="oauth_query" value={oauthQuery} />
        <Button type="submit" name="accept" value="false" variant="secondary">
          Deny
        </Button>
        <Button type="submit" name="accept" value="true">
          Allow
        </Button>
      </form>
    </Card>
  );
}
