import { Alert, Button, Card, Input, TextLink } from "@iam/ui";
import type { Metadata } from "next";
import { ClientHeader } from "@/components/end-user/client-header";
import { PasskeySignIn } from "@/components/passkeys/passkey-sign-in";
import { interruptedAuthorization } from "@/lib/interrupted-authorization";
import { runtimeConfig } from "@/lib/runtime-config";
import type { PageSearchParams } from "@/lib/search-params";
import { consoleCallbackParam, firstParam } from "@/lib/search-params";
import { secondFactorMessage } from "@/lib/second-factor-messages";

export const metadata: Metadata = { title: "Two-step verification", robots: { index: false } };
export const dynamic = "force-dynamic";

/**
 * The second step of a sign-in, after a right password, for a person with an authenticator app.
 * The browser holds the challenge (a cookie the API set); the form posts natively (no JavaScript
 * needed) the code and the signed query, and the API resumes the authorization. A wrong code comes
 * back here with the same query and `error`. `?method=backup_code` asks for a backup code instead;
 * "Use a passkey instead" (JavaScript) verifies one of the person's passkeys for the same challenge.
 */
export default async function TwoFactorPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const params = await searchParams;
  const { apiUrl, webUrl } = runtimeConfig();
  const authorization = await interruptedAuthorization(params, apiUrl, webUrl);
  const oauthQuery = authorization?.oauthQuery;
  const callbackURL = oauthQuery ? undefined : consoleCallbackParam(params, webUrl);
  const backup = firstParam(params, "method") === "backup_code";
  const message = secondFactorMessage(firstParam(params, "error"));
  const here = oauthQuery ? new URLSearchParams(oauthQuery) : new URLSearchParams(callbackURL ? { callbackURL } : {});
  const switchTo = (method?: "backup_code") => `/two-factor?${here.toString()}${method ? `&method=${method}` : ""}`;
  const startOver = oauthQuery ? `/oauth-login?${oauthQuery}&mode=sign-in` : `/sign-in${callbackURL ? `?${new URLSearchParams({ callbackURL })}` : ""}`;

  return (
    <Card
      title="Two-step verification"
      description={backup ? "Enter one of your backup codes. Each code works once." : "Enter the 6-digit code from your authenticator app."}
    >
      {authorization ? <ClientHeader client={authorization.client} lead="to continue to" /> : null}
      <form
        method="post"
        action={`${apiUrl}/api/auth/two-factor/${backup ? "verify-backup-code" : "verify-totp"}`}
        className="flex flex-col gap-4"
        data-testid="second-factor-form"
      >
        {message ? <Alert tone="error">{message}</Alert> : null}
        {oauthQuery ? <input type="hidden" name="oauth_query" value={oauthQuery} /> : null}
        {callbackURL ? <input type="hidden" name="callbackURL" value={callbackURL} /> : null}
        {backup ? (
          <Input label="Backup code" name="code" autoComplete="off" required autoFocus maxLength={64} spellCheck={false} />
        ) : (
          <Input label="Authentication code" name="code" autoComplete="one-time-code" inputMode="numeric" pattern="[0-9]{6}" required autoFocus maxLength={6} />
        )}
        <Button type="submit" fullWidth>
          Verify
        </Button>
      </form>
      <div className="mt-4 flex flex-col gap-3">
        <p className="text-center text-xs uppercase tracking-wide text-slate-500">or</p>
        <PasskeySignIn apiUrl={apiUrl} oauthQuery={oauthQuery} callbackURL={callbackURL ?? `${webUrl}/`} secondFactor label="Use a passkey instead" />
      </div>
      <div className="mt-6 flex flex-col items-center gap-2 text-sm text-slate-600">
        {backup ? <TextLink href={switchTo()}>Use your authenticator app</TextLink> : <TextLink href={switchTo("backup_code")}>Use a backup code</TextLink>}
        <TextLink href={startOver}>Start over</TextLink>
      </div>
    </Card>
  );
}
