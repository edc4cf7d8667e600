import { Card } from "@iam/ui";
import type { Metadata } from "next";
import { EnrollFlow } from "@/components/account-security";
import { ClientHeader } from "@/components/end-user/client-header";
import { interruptedAuthorization } from "@/lib/interrupted-authorization";
import { runtimeConfig } from "@/lib/runtime-config";
import type { PageSearchParams } from "@/lib/search-params";
import { consoleCallbackParam } from "@/lib/search-params";

export const metadata: Metadata = { title: "Set up two-step verification", robots: { index: false } };
export const dynamic = "force-dynamic";

/**
 * Where a person without a second factor is sent when one is required: by the application they
 * are signing in to (the signed query of its authorization, which resumes once the factor is
 * confirmed) or by the console's settings (`callbackURL`, the console page to go on to). The
 * person is signed in with the password already; the session is what sets the factor up.
 */
export default async function EnrollSecondFactorPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const params = await searchParams;
  const { apiUrl, webUrl } = runtimeConfig();
  const authorization = await interruptedAuthorization(params, apiUrl, webUrl);
  const oauthQuery = authorization?.oauthQuery;
  const callbackURL = consoleCallbackParam(params, webUrl) ?? `${webUrl}/`;
  const startOver = oauthQuery ? `/oauth-login?${oauthQuery}&mode=sign-in` : `/sign-in?${new URLSearchParams({ callbackURL })}`;
  return (
    <Card
      title="Set up two-step verification"
      description="A second step after your password (a code from an authenticator app, or a passkey) is required to sign in here."
    >
      {authorization ? <ClientHeader client={authorization.client} lead="to continue to" /> : null}
      <EnrollFlow apiUrl={apiUrl} oauthQuery={oauthQuery} next={callbackURL} startOver={startOver} />
    </Card>
  );
}
