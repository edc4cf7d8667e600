import { Alert, Button, Card, Input, TextLink } from "@iam/ui";
import type { Metadata } from "next";
import { accountMessage, signInHref } from "@/lib/account-messages";
import { runtimeConfig } from "@/lib/runtime-config";
import type { PageSearchParams } from "@/lib/search-params";
import { firstParam } from "@/lib/search-params";
import { signedOAuthQuery } from "@/lib/signed-query";

export const metadata: Metadata = { title: "Forgot your password?", robots: { index: false } };
export const dynamic = "force-dynamic";

/**
 * Asks for the address and posts natively to the API, which mails a reset link and comes back
 * here with `sent=1`, whether or not the address has an account. A signed authorization query,
 * when present, travels along so the reset ends in that authorization.
 */
export default async function ForgotPasswordPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const params = await searchParams;
  const { apiUrl } = runtimeConfig();
  const oauthQuery = signedOAuthQuery(params);
  const sent = firstParam(params, "sent") === "1";
  const message = accountMessage(firstParam(params, "error"));
  return (
    <Card title="Forgot your password?" description="Enter the email address of your account and we will send you a link to choose a new password.">
      {sent ? (
        <div className="mb-4" data-testid="reset-sent">
          <Alert tone="success" title="Check your mail">
            If an account exists for that address, a link to reset its password is on its way. It works for one hour.
          </Alert>
        </div>
      ) : null}
      <form method="post" action={`${apiUrl}/api/auth/request-password-reset`} className="flex flex-col gap-4" data-testid="forgot-password-form">
        {message ? <Alert tone="error">{message}</Alert> : null}
        {oauthQuery ? <input type="hidden" name="oauth_query" value={oauthQuery} /> : null}
        <Input label="Email" name="email" type="email" autoComplete="email" required autoFocus inputMode="email" />
        <Button type="submit" fullWidth>
          {sent ? "Send another link" : "Send reset link"}
        </Button>
      </form>
      <p className="mt-6 text-center text-sm text-slate-600">
        Remembered it? <TextLink href={signInHref(oauthQuery)}>Back to sign in</TextLink>
      </p>
    </Card>
  );
}
