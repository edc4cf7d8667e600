import { Alert, Button, Card, Input, TextLink } from "@iam/ui";
import type { Metadata } from "next";
import { accountMessage, signInHref } from "@/lib/account-messages";
import { runtimeConfig } from "@/lib/runtime-config";
import type { PageSearchParams } from "@/lib/search-params";
import { firstParam } from "@/lib/search-params";
import { signedOAuthQuery } from "@/lib/signed-query";

export const metadata: Metadata = { title: "Check your mail", robots: { index: false } };
export const dynamic = "force-dynamic";

/**
 * After a sign-up (or a sign-in) that needs a verified address. The mailed link signs the person
 * in and continues the authorization they started; the form sends it again (the address is
 * asked for, never carried in the URL).
 */
export default async function CheckEmailPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const params = await searchParams;
  const { apiUrl } = runtimeConfig();
  const oauthQuery = signedOAuthQuery(params);
  const message = accountMessage(firstParam(params, "error"));
  return (
    <Card title="Check your mail" description="We sent you a link to confirm your email address. Open it on this device to continue; it works for one hour.">
      <div className="flex flex-col gap-4" data-testid="check-email">
        {message ? <Alert tone="error">{message}</Alert> : null}
        <p className="text-sm text-slate-600">Nothing arrived? Check your spam folder, or send it again:</p>
        <form method="post" action={`${apiUrl}/api/auth/send-verification-email`} className="flex flex-col gap-4" data-testid="resend-verification-form">
          {oauthQuery ? <input type="hidden" name="oauth_query" value={oauthQuery} /> : null}
          <Input label="Email" name="email" type="email" autoComplete="email" required inputMode="email" />
          <Button type="submit" variant="secondary" fullWidth>
            Send the link again
          </Button>
        </form>
      </div>
      <p className="mt-6 text-center text-sm text-slate-600">
        Already confirmed? <TextLink href={signInHref(oauthQuery)}>Sign in</TextLink>
      </p>
    </Card>
  );
}
