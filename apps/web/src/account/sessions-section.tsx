import { Badge, Button, Card } from "@iam/ui";
import type { AccountSession } from "@iam/schemas";
import { formatWhen } from "./account-messages";

/** Every active session; each one can be signed out (`revoke-session`), or all but this one. */
export function SessionsSection({ apiUrl, sessions }: { apiUrl: string; sessions: AccountSession[] }) {
  const others = sessions.filter((session) => !session.current);
  return (
    <Card title="Where you are signed in" headingLevel={2}>
      <ul id="sessions" className="flex flex-col divide-y divide-slate-100 rounded-lg border border-slate-200" data-testid="session-list">
        {sessions.map((session) => (
          <li key={session.id} className="flex flex-col gap-2 px-4 py-3" data-session-id={session.id} data-current={session.current ? "true" : undefined}>
            <div className="flex flex-wrap items-center gap-2">
              <p className="text-sm font-medium text-slate-900">{session.device}</p>
              {session.current ? <Badge tone="info">this device</Badge> : null}
            </div>
            <p className="text-xs leading-5 text-slate-600">
              {session.ip_address ? <span data-testid="session-address">{session.ip_address} · </span> : null}
              Signed in {formatWhen(session.signed_in_at)} · last used {formatWhen(session.last_used_at)}
            </p>
            {session.current ? null : (
              <form method="post" action={`${apiUrl}/api/auth/revoke-session`}>
                <input type="hidden" name="session_id" value={session.id} />
                <Button type="submit" variant="secondary">
                  Sign out this session
                </Button>
              </form>
            )}
          </li>
        ))}
      </ul>
      {others.length > 0 ? (
        <form method="post" action={`${apiUrl}/api/auth/revoke-other-sessions`} className="mt-4">
          <Button type="submit" variant="danger">
            Sign out all other sessions
          </Button>
        </form>
      ) : (
        <p className="mt-4 text-xs text-slate-500">You are signed in on this device only.</p>
      )}
    </Card>
  );
}
