import { Alert, Button, Card, Input, TextLink } from "@iam/ui";
import type { Metadata } from "next";
import { accountMessage } from "@/lib/account-messages";
import { runtimeConfig } from "@/lib/runtime-config";
import type { PageSearchParams } from "@/lib/search-params";
import { firstParam } from "@/lib/search-params";

export const metadata: Metadata = { title: "Accept your invitation", robots: { index: false } };
export const dynamic = "force-dynamic";

/**
 * Reached from an invitation mail. Posts natively to the API, which creates the account (whatever
 * the public sign-up policy), signs the person in and opens their account page.
 */
export default async function AcceptInvitationPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const params = await searchParams;
  const { apiUrl } = runtimeConfig();
  const token = firstParam(params, "token");
  const error = firstParam(params, "error");
  const message = accountMessage(error);
  if (!token) {
    return (
      <Card title="This invitation no longer works">
        <Alert tone="error">{message ?? accountMessage("invalid_invitation")}</Alert>
        <p className="mt-6 text-center text-sm text-slate-600">
          Already have an account? <TextLink href="/sign-in">Sign in</TextLink>
        </p>
      </Card>
    );
  }
  return (
    <Card title="Accept your invitation" description="Choose your name and a password to create your account.">
      <form method="post" action={`${apiUrl}/api/invitations/accept`} className="flex flex-col gap-4" data-testid="accept-invitation-form">
        {message ? <Alert tone="error">{message}</Alert> : null}
        <input type="hidden" name="token" value={token} />
        <Input label="Name" name="name" autoComplete="name" required autoFocus maxLength={120} />
        <Input
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          maxLength={128}
          hint="At least 8 characters."
        />
        <Button type="submit" fullWidth>
          Create my account
        </Button>
      </form>
    </Card>
  );
}
