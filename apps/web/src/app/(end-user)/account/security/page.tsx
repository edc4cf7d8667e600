import { Card, TextLink } from "@iam/ui";
import type { Metadata } from "next";
import { AccountSecurity } from "@/components/account-security";
import { runtimeConfig } from "@/lib/runtime-config";

export const metadata: Metadata = { title: "Sign-in security", robots: { index: false } };
export const dynamic = "force-dynamic";

/** A person's own second factors: the authenticator app and its backup codes. Linked from /account. */
export default function AccountSecurityPage() {
  const { apiUrl, webUrl } = runtimeConfig();
  const signInUrl = `${webUrl}/sign-in?${new URLSearchParams({ callbackURL: `${webUrl}/account/security` })}`;
  return (
    <Card title="Sign-in security" description="Second steps that protect your account when you sign in.">
      <noscript>
        <p className="mb-4 rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
          This page needs JavaScript to set up an authenticator app or a passkey. Signing in with a code works without it.
        </p>
      </noscript>
      <AccountSecurity apiUrl={apiUrl} signInUrl={signInUrl} />
      <p className="mt-8 text-center text-sm text-slate-600">
        <TextLink href="/account">Back to your account</TextLink>
      </p>
    </Card>
  );
}
