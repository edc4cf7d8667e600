"use client";

import { Button, ButtonLink, Card } from "@iam/ui";
import type { CurrentSession } from "@/console/api/types";
import { useSignOut } from "./session-actions";

/** A signed-in person without the admin role: said plainly, with a way out. */
export function NoAccess({ session }: { session: CurrentSession }) {
  const signOut = useSignOut();
  return (
    <main className="mx-auto flex max-w-lg flex-1 items-center px-4 py-16">
      <Card title="No access" description="The admin console is only for administrators.">
        <div className="flex flex-col gap-4 text-sm text-slate-700" data-testid="no-access">
          {session.session.impersonatedBy ? (
            // The banner above holds the way back; signing out here would end the impersonated session only.
            <p>
              You are seeing what <strong>{session.user.email}</strong> sees: this user has no access to the console. Stop impersonating to return to your own
              account.
            </p>
          ) : (
            <>
              <p>
                You are signed in as <strong>{session.user.email}</strong>, who does not have the admin role. Ask an administrator for access, or sign in with
                another account.
              </p>
              <div className="flex flex-wrap gap-3">
                <ButtonLink href="/account" variant="primary">
                  Go to your account
                </ButtonLink>
                <Button variant="secondary" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
                  Sign out
                </Button>
              </div>
            </>
          )}
        </div>
      </Card>
    </main>
  );
}
