import { Alert, Button, Card } from "@iam/ui";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { accountError, accountNotice } from "@/account/account-messages";
import { ApplicationsSection } from "@/account/applications-section";
import { loadAccount } from "@/account/load-account";
import { PasswordSection } from "@/account/password-section";
import { ProfileSection } from "@/account/profile-section";
import { SessionsSection } from "@/account/sessions-section";
import { runtimeConfig } from "@/lib/runtime-config";
import type { PageSearchParams } from "@/lib/search-params";
import { firstParam } from "@/lib/search-params";

export const metadata: Metadata = { title: "Your account", robots: { index: false } };
export const dynamic = "force-dynamic";

/**
 * A person's own account, whatever their role: profile, password, sessions and the applications
 * they allowed. Rendered on the server, every change a plain form posted to the API (works
 * without JavaScript); the API's browser layer sends the person back here with `done` or `error`.
 */
export default async function AccountPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const params = await searchParams;
  const { apiUrl } = runtimeConfig();
  const loaded = await loadAccount(apiUrl);
  if (!loaded.ok && loaded.reason === "signed_out") redirect(`/sign-in?callbackURL=${encodeURIComponent("/account")}`);
  if (!loaded.ok) {
    return (
      <Card title="Your account">
        <Alert tone="error">Your account cannot be shown right now. Reload the page in a moment.</Alert>
      </Card>
    );
  }
  const { account } = loaded;
  const notice = accountNotice(firstParam(params, "done"));
  const error = accountError(firstParam(params, "error"));
  return (
    <div className="flex flex-col gap-6">
      <Card title="Your account" description={`Signed in as ${account.user.email}`}>
        <div className="flex flex-col gap-3">
          {notice ? (
            <Alert tone="success">
              <span data-testid="account-notice">{notice}</span>
            </Alert>
          ) : null}
          {error ? (
            <Alert tone="error">
              <span data-testid="account-error">{error}</span>
            </Alert>
          ) : null}
          <form method="post" action={`${apiUrl}/api/auth/sign-out`}>
            <Button type="submit" variant="ghost">
              Sign out
            </Button>
          </form>
        </div>
      </Card>
      <ProfileSection apiUrl={apiUrl} user={account.user} />
      <PasswordSection apiUrl={apiUrl} />
      <Card title="Sign-in security" headingLevel={2} description="An authenticator app as a second factor, and backup codes.">
        <a href="/account/security" className="text-sm font-medium text-indigo-600 underline" data-testid="account-security-link">
          Manage second factors
        </a>
      </Card>
      <SessionsSection apiUrl={apiUrl} sessions={account.sessions} />
      <ApplicationsSection apiUrl={apiUrl} applications={account.applications} />
    </div>
  );
}
