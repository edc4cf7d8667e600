"use client";

import { Alert, Badge, Button } from "@iam/ui";
import { errorMessage } from "@/console/api/api-client";
import { useUserMailAction } from "./use-mail";

/**
 * Links an admin can have mailed to a person: a new verification link (while unverified) and a
 * password reset link. The admin never sees either link; both are in the audit log.
 */
export function UserMailPanel({ userId, emailVerified }: { userId: string; emailVerified: boolean }) {
  const verification = useUserMailAction("send-verification");
  const reset = useUserMailAction("send-password-reset");
  const failure = errorMessage(verification.error) ?? errorMessage(reset.error);
  return (
    <section className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="user-mail-panel">
      <h2 className="text-lg font-semibold text-slate-900">Email</h2>
      <p className="text-sm text-slate-600">Address {emailVerified ? <Badge tone="success">verified</Badge> : <Badge tone="warning">not verified</Badge>}</p>
      {verification.isSuccess ? <Alert tone="success">Verification link sent.</Alert> : null}
      {reset.isSuccess ? <Alert tone="success">Password reset link sent.</Alert> : null}
      {failure ? <Alert tone="error">{failure}</Alert> : null}
      <div className="flex flex-wrap gap-2">
        {emailVerified ? null : (
          <Button variant="secondary" onClick={() => verification.mutate(userId)} disabled={verification.isPending}>
            Resend verification link
          </Button>
        )}
        <Button variant="secondary" onClick={() => reset.mutate(userId)} disabled={reset.isPending}>
          Send password reset link
        </Button>
      </div>
    </section>
  );
}
