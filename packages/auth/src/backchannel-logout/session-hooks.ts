import { getCurrentAdapter } from "@better-auth/core/context";
import type { DBAdapter } from "@better-auth/core/db/adapter";
import type { Db } from "@iam/db";
import { queueLogouts, targetsForSessions, targetsForUser } from "./queue.ts";
import type { LogoutReason, LogoutTarget } from "./queue.ts";

interface SessionRow {
  id: string;
  userId: string;
}

interface TokenRow {
  clientId: string;
  userId?: string | null;
  sessionId?: string | null;
}

/**
 * Inside a Better Auth transaction (a password change deletes sessions in one), reads must go
 * through its adapter: on PGlite a query on another connection would wait for the transaction,
 * which waits for the hook.
 */
async function targetsInTransaction(adapter: DBAdapter, session: SessionRow): Promise<LogoutTarget[]> {
  const current = await getCurrentAdapter(adapter);
  const where = [{ field: "sessionId", value: session.id }];
  const [access, refresh] = await Promise.all([
    current.findMany<TokenRow>({ model: "oauthAccessToken", where }),
    current.findMany<TokenRow>({ model: "oauthRefreshToken", where }),
  ]);
  const seen = new Map<string, LogoutTarget>();
  for (const row of [...access, ...refresh]) seen.set(row.clientId, { clientId: row.clientId, userId: row.userId ?? session.userId, sessionId: session.id });
  return [...seen.values()];
}

/** Sessions being deleted right now whose targets were read; bounded in case a delete is vetoed. */
const MAX_PENDING = 10_000;

/**
 * Better Auth database hooks that queue back-channel logout tokens whenever a session row goes:
 * sign-out, RP-initiated logout, an admin revoking sessions, a ban, a password change that
 * revokes sessions. Every path deletes through the same hook, so none is missed. The targets are
 * read before the delete (it clears the tokens' session ids) and queued after it, once the delete
 * has committed; `onQueued` wakes the delivery worker.
 */
export function backchannelLogoutHooks(db: Db, onQueued: () => void, log: (message: string) => void) {
  const pending = new Map<string, LogoutTarget[]>();
  const enqueue = async (targets: LogoutTarget[], reason: LogoutReason) => {
    try {
      if ((await queueLogouts(db, targets, reason)) > 0) onQueued();
    } catch (error) {
      // The session is gone either way; a lost logout is logged, never a failed sign-out.
      log(`back-channel logout could not be queued: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return {
    session: {
      delete: {
        before: async (session: SessionRow, ctx: { context: { adapter: DBAdapter } } | null) => {
          const targets = ctx ? await targetsInTransaction(ctx.context.adapter, session) : await targetsForSessions(db, [session]);
          if (targets.length === 0) return;
          if (pending.size >= MAX_PENDING) pending.clear();
          pending.set(session.id, targets);
        },
        after: async (session: SessionRow) => {
          const targets = pending.get(session.id);
          if (!targets) return;
          pending.delete(session.id);
          await enqueue(targets, "session_ended");
        },
      },
    },
    /** A ban deletes the user's tokens before their sessions: queue for them first. */
    beforeTokensRevokedForBan: async (userId: string) => enqueue(await targetsForUser(db, userId), "banned"),
  };
}
