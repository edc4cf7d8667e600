import { Card } from "@iam/ui";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { EnrollFlow } from "@/components/account-security";
import { ClientHeader } from "@/components/end-user/client-header";
import { lookUpClient } from "@/lib/client-info";
import { runtimeConfig } from "@/lib/runtime-config";
import type { PageSearchParams } from "@/lib/search-params";
import { firstParam } from "@/lib/search-params";
import { authorizationRequest, signedOAuthQuery } from "@/lib/signed-query";

export const metadata: Metadata = { title: "Set up two-step verification", robots: { index: false } };
export const dynamic = "force-dynamic";

/** Only console pages: `?callbackURL=` must not become an open redirect. */
function safeCallback(webUrl: string, value: string | undefined): string {
  return value?.startsWith(`${webUrl}/`) ? value : `${webUrl}/`;
}

/**
 * Where a person without a second factor is sent when one is required: by the application they
 * are signing in to (the signed query of its authorization, which resumes once the factor is
 * confirmed) or by the console's settings (`callbackURL`, the console page to go on to). The
 * person is signed in with the password already; the session is what sets the factor up.
 */
export default async function EnrollSecondFactorPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const params = await searchParams;
  const { apiUrl, webUrl } = runtimeConfig();
  const oauthQuery = signedOAuthQuery(params);
  let client: Awaited<ReturnType<typeof lookUpClient>> | undefined;
  if (oauthQuery) {
    if (authorizationRequest(oauthQuery).expired) redirect("/error?error=invalid_signature");
    client = await lookUpClient(apiUrl, webUrl, authorizationRequest(oauthQuery).clientId, oauthQuery);
    if (!client.ok) redirect(`/error?error=${client.error}`);
  }
  const callbackURL = safeCallback(webUrl, firstParam(params, "callbackURL"));
  const startOver = oauthQuery ? `/oauth-login?${oauthQuery}&mode=sign-in` : `/sign-in?${new URLSearchParams({ callbackURL })}`;
  return (
    <Card
      title="Set up two-step verification"
      description="A second step after your password (a code from an authenticator app, or a passkey) is required to sign in here."
    >
      {client?.ok ? <ClientHeader client={client.client} lead="to continue to" /> : null}
      <EnrollFlow apiUrl={apiUrl} oauthQuery={oauthQuery} next={callbackURL} startOver={startOver} />
    </Card>
  );
}
