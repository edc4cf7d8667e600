import { Alert, Button, Card, Input, TextLink } from "@iam/ui";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ClientHeader } from "@/components/end-user/client-header";
import { PasskeySignIn } from "@/components/passkeys/passkey-sign-in";
import { SignUpClosed, SignUpLink } from "@/components/end-user/sign-up-policy";
import { fetchBranding } from "@/lib/branding";
import { lookUpClient } from "@/lib/client-info";
import { runtimeConfig } from "@/lib/runtime-config";
import type { PageSearchParams } from "@/lib/search-params";
import { firstParam } from "@/lib/search-params";
import { signInMessage, supportContactOf } from "@/lib/sign-in-messages";
import { authorizationRequest, signedOAuthQuery } from "@/lib/signed-query";

export const metadata: Metadata = { title: "Sign in", robots: { index: false } };
export const dynamic = "force-dynamic";

/**
 * Reached by the provider's redirect with a signed query. The form posts natively (no JavaScript
 * needed) to the API with `oauth_query`, and the browser follows the API's redirects on to
 * consent or back to the application. A failed attempt comes back here with `error` appended.
 */
export default async function OAuthLoginPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const params = await searchParams;
  const oauthQuery = signedOAuthQuery(params);
  if (!oauthQuery) redirect("/error?error=invalid_signature");
  const request = authorizationRequest(oauthQuery);
  if (request.expired) redirect("/error?error=invalid_signature");
  const { apiUrl, webUrl, supportContact } = runtimeConfig();
  const lookup = await lookUpClient(apiUrl, webUrl, request.clientId, oauthQuery);
  if (!lookup.ok) redirect(`/error?error=${lookup.error}`);

  const mode = firstParam(params, "mode");
  const branding = await fetchBranding();
  const wantsCreate = mode === "create" || (request.prompts.has("create") && mode !== "sign-in");
  // The sign-up policy decides whether the form can create accounts; the API enforces it too.
  const creating = wantsCreate && branding.sign_up === "open";
  const message = signInMessage(firstParam(params, "error"), supportContactOf(branding, supportContact));
  const here = new URLSearchParams(oauthQuery);
  const switchTo = (target: "create" | "sign-in") => `/oauth-login?${here.toString()}&mode=${target}`;

  return (
    <Card title={creating ? "Create your account" : "Sign in"}>
      <ClientHeader client={lookup.client} lead="to continue to" />
      {wantsCreate && !creating ? <SignUpClosed branding={branding} /> : null}
      <form method="post" action={`${apiUrl}/api/auth/${creating ? "sign-up" : "sign-in"}/email`} className="flex flex-col gap-4" data-testid="login-form">
        {message ? <Alert tone="error">{message}</Alert> : null}
        <input type="hidden" name="oauth_query" value={oauthQuery} />
        {creating ? <Input label="Name" name="name" autoComplete="name" required autoFocus maxLength={120} /> : null}
        <Input label="Email" name="email" type="email" autoComplete="email" required autoFocus={!creating} inputMode="email" />
        <Input
          label="Password"
          name="password"
          type="password"
          autoComplete={creating ? "new-password" : "current-password"}
          required
          minLength={creating ? 8 : undefined}
          hint={creating ? "At least 8 characters." : undefined}
        />
        {creating && branding.sign_up_allowed_domains.length > 0 ? (
          <p className="text-xs text-slate-600" data-testid="allowed-domains">
            Accounts can be created with an address at {branding.sign_up_allowed_domains.join(", ")}.
          </p>
        ) : null}
        <Button type="submit" fullWidth>
          {creating ? "Create account and continue" : "Sign in"}
        </Button>
        {creating ? null : (
          <p className="text-center text-sm">
            <TextLink href={`/forgot-password?${oauthQuery}`}>Forgot password?</TextLink>
          </p>
        )}
      </form>
      {creating ? null : (
        <div className="mt-4 flex flex-col gap-3">
          <p className="text-center text-xs uppercase tracking-wide text-slate-500">or</p>
          <PasskeySignIn apiUrl={apiUrl} oauthQuery={oauthQuery} label="Sign in with a passkey" />
        </div>
      )}
      <p className="mt-6 text-center text-sm text-slate-600">
        {creating ? (
          <>
            Already have an account? <TextLink href={switchTo("sign-in")}>Sign in</TextLink>
          </>
        ) : (
          <SignUpLink branding={branding} href={switchTo("create")} />
        )}
      </p>
      <p className="mt-4 text-center text-xs text-slate-500">Your password goes to {branding.product_name}, never to the application.</p>
    </Card>
  );
}
