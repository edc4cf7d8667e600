"use client";

import { Button } from "@iam/ui";
import { errorMessage } from "@/console/api/api-client";
import type { CurrentSession } from "@/console/api/types";
import { useStopImpersonating } from "./session-actions";

/** Always visible while an admin acts as someone else, with the way back. */
export function ImpersonationBanner({ session }: { session: CurrentSession }) {
  const stop = useStopImpersonating();
  if (!session.session.impersonatedBy) return null;
  return (
    <div role="status" data-testid="impersonation-banner" className="bg-amber-400 px-4 py-2 text-sm text-amber-950">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-2">
        <span>
          You are impersonating <strong>{session.user.email}</strong>. Everything you do is done as this user.
        </span>
        <span className="flex items-center gap-3">
          {stop.error ? <span className="font-medium">{errorMessage(stop.error)}</span> : null}
          <Button variant="secondary" onClick={() => stop.mutate()} disabled={stop.isPending}>
            {stop.isPending ? "Returning…" : "Stop impersonating"}
          </Button>
        </span>
      </div>
    </div>
  );
}
