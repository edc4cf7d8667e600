"use client";

import type { PersonSecondFactors } from "@iam/schemas";
import { Badge, Button } from "@iam/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { read } from "@/console/api/api-client";
import { useApi } from "@/console/api/api-context";
import { queryKeys } from "@/console/api/query-keys";
import { formatDate } from "@/console/shell/format";
import type { AskConfirmation } from "./user-sessions";

const FACTORS_KEY = [...queryKeys.users, "second-factors"] as const;

/** Who has which second factor (`/api/admin/second-factors`), by user id. */
export function useSecondFactors() {
  const api = useApi();
  return useQuery({
    queryKey: FACTORS_KEY,
    queryFn: async () => {
      const answer = await read(api.api.admin["second-factors"].$get({ query: {} }));
      return new Map(answer.people.map((person) => [person.user_id, person]));
    },
  });
}

/** A person's factors in words: the authenticator app (or one set up but never confirmed), passkeys, a lock. */
export function factorBadges(person: PersonSecondFactors | undefined) {
  if (!person || (!person.totp && !person.totp_pending && person.passkeys === 0)) return <Badge tone="neutral">none</Badge>;
  return (
    <span className="flex flex-wrap gap-1" data-testid="factor-badges">
      {person.totp ? <Badge tone="success">authenticator app</Badge> : null}
      {person.totp_pending ? <Badge tone="warning">app not confirmed</Badge> : null}
      {person.passkeys > 0 ? <Badge tone="success">{person.passkeys === 1 ? "1 passkey" : `${person.passkeys} passkeys`}</Badge> : null}
      {person.locked_until ? <Badge tone="danger">locked</Badge> : null}
    </span>
  );
}

/**
 * The user page's second-factor panel: what the person has, and the reset for someone locked out
 * of it (lost phone, no backup codes). Resetting removes the factor and ends their sessions; they
 * sign in with the password and set one up again (at once when one is required).
 */
export function SecondFactorPanel({ userId, email, confirm }: { userId: string; email: string; confirm: AskConfirmation }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const factors = useSecondFactors();
  const person = factors.data?.get(userId);
  const reset = useMutation({
    mutationFn: () => read(api.api.admin["second-factors"][":user_id"].$delete({ param: { user_id: userId } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.users }),
  });
  const has = Boolean(person?.totp || person?.totp_pending || (person?.passkeys ?? 0) > 0);
  return (
    <section className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="second-factor-panel">
      <h2 className="text-lg font-semibold text-slate-900">Second factor</h2>
      <div className="text-sm text-slate-700">{factors.isPending ? "…" : factorBadges(person)}</div>
      {person?.locked_until ? <p className="text-sm text-slate-600">Locked after wrong codes until {formatDate(person.locked_until)}.</p> : null}
      {reset.isSuccess && !has ? <p className="text-sm text-slate-600">Second factor reset; the person's sessions were ended.</p> : null}
      <div>
        <Button
          variant="danger"
          disabled={!has}
          onClick={() =>
            confirm({
              title: `Reset ${email}'s second factor?`,
              body: "Their authenticator app, backup codes and passkeys stop working and they are signed out everywhere. They sign in with the password and set up a new factor. Only do this once you are sure who asks (for a person locked out with no backup codes).",
              confirmLabel: "Reset second factor",
              run: () => reset.mutateAsync(),
            })
          }
        >
          Reset second factor
        </Button>
      </div>
    </section>
  );
}
