import { Alert, Button, Card, Input, TextLink } from "@iam/ui";
import type { Metadata } from "next";
import { accountMessage } from "@/lib/account-messages";
import { runtimeConfig } from "@/lib/runtime-config";
import type { PageSearchParams } from "@/lib/search-params";
import { firstParam } from "@/lib/search-params";

export const metadata: Metadata = { title: "Choose a new password", robots: { index: false } };
export const dynamic = "force-dynamic";

/**
 * The console's Referrer-Policy (strict-origin) sends only the origin onward, never this URL's
 * token; and the form post needs that Origin (with no-referrer a browser sends `Origin: null`).
 *
 * Reached from the reset mail (`token`, and `resume`: the authorization the person started).
 * Posts natively to the API, which resets the password, ends every other session, signs the
 * person in and continues that authorization (or opens their account page).
 */
export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const params = await searchParams;
  const { apiUrl } = runtimeConfig();
  const token = firstParam(params, "token");
  const resume = firstParam(params, "resume");
  const error = firstParam(params, "error") ?? (token ? undefined : "invalid_token");
  const message = accountMessage(error === "INVALID_TOKEN" ? "invalid_token" : error);
  if (!token || error === "invalid_token") {
    return (
      <Card title="This link no longer works">
        <Alert tone="error">{message}</Alert>
        <p className="mt-6 text-center text-sm text-slate-600">
          <TextLink href="/forgot-password">Ask for a new link</TextLink>
        </p>
      </Card>
    );
  }
  return (
    <Card title="Choose a new password" description="Every other session of your account ends when you save it.">
      <form method="post" action={`${apiUrl}/api/auth/reset-password`} className="flex flex-col gap-4" data-testid="reset-password-form">
        {message ? <Alert tone="error">{message}</Alert> : null}
        <input type="hidden" name="token" value={token} />
        {resume ? <input type="hidden" name="resume" value={resume} /> : null}
        <Input
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          maxLength={128}
          autoFocus
          hint="At least 8 characters."
        />
        <Button type="submit" fullWidth>
          Save password and continue
        </Button>
      </form>
    </Card>
  );
}
