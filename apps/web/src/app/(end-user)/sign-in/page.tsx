import { Alert, Button, Card, Input, TextLink } from "@iam/ui";
import type { Metadata } from "next";
import { PasskeySignIn } from "@/components/passkeys/passkey-sign-in";
import { runtimeConfig } from "@/lib/runtime-config";
import type { PageSearchParams } from "@/lib/search-params";
import { consoleCallbackParam, firstParam } from "@/lib/search-params";
import { fetchBranding } from "@/lib/branding";
import { signInMessage, supportContactOf } from "@/lib/sign-in-messages";

export const metadata: Metadata = { title: "Sign in to the console" };
export const dynamic = "force-dynamic";

/** A console page (full URL), or a path on the console; anything else goes to the console's start. */
function signInCallback(params: PageSearchParams, webUrl: string): string {
  const path = firstParam(params, "callbackURL");
  if (path?.startsWith("/") && !path.startsWith("//")) return `${webUrl}${path}`;
  return consoleCallbackParam(params, webUrl) ?? `${webUrl}/`;
}

/**
 * The console's own sign-in. A native form post to the API (works without JavaScript); on
 * success the API redirects to `callbackURL` (a console page), on failure back here with `error`.
 */
export default async function SignInPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const params = await searchParams;
  const { apiUrl, webUrl, supportContact } = runtimeConfig();
  const error = firstParam(params, "error");
  // Branding is only read when it is needed: the suspended message names the admin's support contact.
  const contact = error === "account_suspended" ? supportContactOf(await fetchBranding(), supportContact) : supportContact;
  const message = signInMessage(error, contact);
  const callbackURL = signInCallback(params, webUrl);
  return (
    <Card title="Sign in to the console" description="The admin console is for administrators. To use an application, start from that application.">
      <form method="post" action={`${apiUrl}/api/auth/sign-in/email`} className="flex flex-col gap-4" data-testid="sign-in-form">
        {message ? <Alert tone="error">{message}</Alert> : null}
        {firstParam(params, "reset") === "1" ? <Alert tone="success">Your password was changed. Sign in with the new one.</Alert> : null}
        <input type="hidden" name="callbackURL" value={callbackURL} />
        <Input label="Email" name="email" type="email" autoComplete="email" required autoFocus inputMode="email" />
        <Input label="Password" name="password" type="password" autoComplete="current-password" required />
        <Button type="submit" fullWidth>
          Sign in
        </Button>
        <p className="text-center text-sm">
          <TextLink href="/forgot-password">Forgot password?</TextLink>
        </p>
      </form>
      <div className="mt-4 flex flex-col gap-3">
        <p className="text-center text-xs uppercase tracking-wide text-slate-500">or</p>
        <PasskeySignIn apiUrl={apiUrl} callbackURL={callbackURL} label="Sign in with a passkey" />
      </div>
    </Card>
  );
}
