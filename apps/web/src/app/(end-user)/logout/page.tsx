import { Alert, Button, ButtonLink, Card } from "@iam/ui";
import type { Metadata } from "next";
import { runtimeConfig } from "@/lib/runtime-config";
import type { PageSearchParams } from "@/lib/search-params";
import { firstParam } from "@/lib/search-params";

export const metadata: Metadata = { title: "Sign out", robots: { index: false } };
export const dynamic = "force-dynamic";

/**
 * RP-initiated logout, when the provider cannot tell for sure that the request comes from the
 * person (no or a mismatched `id_token_hint`): it asks here. The confirmation posts natively to
 * the provider, which holds the request in a signed cookie and then returns to the application.
 * `?done=1` is the end state when no application address was given.
 */
export default async function LogoutPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const params = await searchParams;
  if (firstParam(params, "done") === "1") {
    return (
      <Card title="You are signed out">
        <div className="flex flex-col gap-4">
          <p className="text-sm text-slate-700">Your session with the identity provider has ended. You can close this page.</p>
          <p className="text-sm text-slate-700">
            To see where else you are signed in and which applications you allowed, sign in to{" "}
            <a href="/account" className="font-medium text-indigo-700 underline">
              your account
            </a>
            .
          </p>
          {firstParam(params, "redirect") === "unregistered" ? (
            <Alert tone="warning">The application asked to send you to an address it has not registered, so you stayed here.</Alert>
          ) : null}
        </div>
      </Card>
    );
  }
  const { apiUrl } = runtimeConfig();
  return (
    <Card title="Sign out?" description="An application asked to sign you out of the identity provider.">
      <p className="text-sm text-slate-700">
        Signing out ends your session here. Applications you signed in to may keep you signed in until you sign out of them too.
      </p>
      <form method="post" action={`${apiUrl}/api/auth/oauth2/end-session/confirm`} className="mt-6 flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
        <ButtonLink href="/account" variant="secondary">
          Stay signed in
        </ButtonLink>
        <Button type="submit" name="action" value="confirm">
          Sign out
        </Button>
      </form>
    </Card>
  );
}
