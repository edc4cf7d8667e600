"use client";

import { Alert, Button } from "@iam/ui";
import { usePathname, useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { useEffect } from "react";
import { errorMessage } from "@/console/api/api-client";
import { MailBanner } from "@/console/mail/mail-banner";
import { ImpersonationBanner } from "./impersonation-banner";
import { ConsoleNav } from "./nav";
import { NoAccess } from "./no-access";
import { useSignOut } from "./session-actions";
import { isAdmin, useSession } from "./use-session";

/**
 * The admin guard and chrome. Signed out: off to /sign-in (and back here after). Not an admin:
 * the "no access" page. The API refuses such callers anyway (403); this only spares them a broken
 * screen.
 */
export function ConsoleFrame({ children }: { children: ReactNode }) {
  const session = useSession();
  const pathname = usePathname();
  const router = useRouter();
  const signOut = useSignOut();
  const signedOut = session.isSuccess && !session.data;

  useEffect(() => {
    if (signedOut) router.replace(`/sign-in?callbackURL=${encodeURIComponent(pathname)}`);
  }, [signedOut, pathname, router]);

  if (session.isPending || signedOut) {
    return (
      <p role="status" className="p-8 text-center text-sm text-slate-500">
        Loading the console…
      </p>
    );
  }
  if (session.isError || !session.data) {
    return (
      <main className="mx-auto max-w-lg px-4 py-16">
        <Alert tone="error" title="The console cannot reach the API">
          <p>{errorMessage(session.error)}</p>
          <Button variant="secondary" className="mt-3" onClick={() => session.refetch()}>
            Try again
          </Button>
        </Alert>
      </main>
    );
  }
  const current = session.data;
  return (
    <div className="flex min-h-screen flex-col">
      <ImpersonationBanner session={current} />
      {isAdmin(current.user.role) ? (
        <>
          <MailBanner />
          <header className="border-b border-slate-200 bg-white">
            <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
              <div className="flex flex-wrap items-center gap-4">
                <span className="inline-flex items-center gap-2 text-sm font-semibold text-slate-800">
                  <span aria-hidden="true" className="inline-block size-6 rounded-md bg-indigo-600" />
                  IAM console
                </span>
                <ConsoleNav />
              </div>
              <div className="flex items-center gap-3 text-sm text-slate-600">
                <span data-testid="signed-in-as">{current.user.email}</span>
                {/* The person's own account page lives with the end-user pages, apart from the console. */}
                <a href="/account" className="font-medium text-indigo-700 hover:underline">
                  My account
                </a>
                <Button variant="ghost" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
                  Sign out
                </Button>
              </div>
            </div>
          </header>
          <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-8">{children}</main>
        </>
      ) : (
        <NoAccess session={current} />
      )}
    </div>
  );
}
