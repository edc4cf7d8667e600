import type { Db } from "@iam/db";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { AUDIT_ACTIONS } from "../audit/audit-actions.ts";
import type { AuditEntry } from "../audit/audit-actions.ts";
import type { AuditWriter } from "../audit/audit-writer.ts";
import { hasAdminRole } from "../roles.ts";
import { anotherActiveAdminExists, findPrivilegeState, isActiveAdmin } from "./active-admins.ts";
import type { PrivilegeState } from "./active-admins.ts";
import { AUTH_PATHS } from "../auth-paths.ts";

type Body = Record<string, unknown>;
/** What Better Auth hands a database hook: the endpoint's context, or null outside one. */
type HookContext = {
  path?: string;
  body?: unknown;
  headers?: Headers;
  request?: Request;
  context?: { session?: { user: { id: string; email: string } } | null };
} | null;

interface PendingChange {
  previous: PrivilegeState | undefined;
  role?: unknown;
  banned?: unknown;
  banReason?: unknown;
}

const UNKNOWN_TARGET = "";

function lastAdminError(): APIError {
  return new APIError("BAD_REQUEST", { error: "invalid_request", error_description: "This is the last admin: make another user admin first." });
}

const userIdFrom = (body: unknown): string | null => {
  const value = body && typeof body === "object" ? (body as Body).userId : undefined;
  return typeof value === "string" && value ? value : null;
};

/**
 * Every change of a role or a ban, through whichever endpoint (set-role, update-user, ban-user,
 * unban-user, create-user, a server-side `auth.api` call), passes here, at the database write:
 * - the last active admin cannot lose the role or be banned (nobody could manage the provider
 *   without shell access);
 * - the change is audited (`user.role_changed` with the old and new role, `user.banned`,
 *   `user.unbanned`), naming the admin who made it.
 * Deleting a user is guarded before the endpoint runs: Better Auth deletes the user's sessions
 * and password before the user row, so refusing at the row would leave the admin locked out.
 * Two admins demoting each other at the same instant can still both pass the check.
 */
export function privilegeGuard(db: Db, write: AuditWriter, clientIpHeader: string): BetterAuthPlugin {
  // Keyed by the endpoint's context object: what one request changes, from the write's before to its after.
  const pending = new WeakMap<object, Map<string, PendingChange>>();

  async function beforeUserUpdate(data: Body, context: HookContext): Promise<void> {
    if (!("role" in data) && !("banned" in data)) return;
    const targetId = userIdFrom(context?.body);
    const previous = targetId ? await findPrivilegeState(db, targetId) : undefined;
    const next = {
      role: "role" in data ? (typeof data.role === "string" ? data.role : null) : (previous?.role ?? null),
      banned: "banned" in data ? data.banned === true : (previous?.banned ?? null),
    };
    const losesAdmin = previous
      ? isActiveAdmin(previous) && !isActiveAdmin(next)
      : ("role" in data && !hasAdminRole({ role: next.role })) || data.banned === true;
    if (losesAdmin && !(await anotherActiveAdminExists(db, targetId))) throw lastAdminError();
    if (!context) return;
    const changes = pending.get(context) ?? new Map<string, PendingChange>();
    changes.set(targetId ?? UNKNOWN_TARGET, { previous, ...pick(data, ["role", "banned", "banReason"]) });
    pending.set(context, changes);
  }

  async function afterUserUpdate(updated: Body, context: HookContext): Promise<void> {
    const changes = context ? pending.get(context) : undefined;
    const id = typeof updated.id === "string" ? updated.id : UNKNOWN_TARGET;
    const change = changes?.get(id) ?? changes?.get(UNKNOWN_TARGET);
    if (!context || !change) return;
    changes?.delete(changes.has(id) ? id : UNKNOWN_TARGET);
    const base = describeActor(context, clientIpHeader, id);
    if ("role" in change && change.role !== change.previous?.role) {
      await write({
        ...base,
        action: AUDIT_ACTIONS.userRoleChanged,
        details: { from: change.previous?.role ?? null, to: updated.role ?? null, via: context.path ?? null },
      });
    }
    if (change.banned === true && change.previous?.banned !== true) {
      await write({
        ...base,
        action: AUDIT_ACTIONS.userBanned,
        details: { reason: typeof change.banReason === "string" ? change.banReason : null, via: context.path ?? null },
      });
    }
    if (change.banned === false && change.previous?.banned !== false) {
      await write({ ...base, action: AUDIT_ACTIONS.userUnbanned, details: { via: context.path ?? null } });
    }
  }

  return {
    id: "iam-privilege-guard",
    init: () => ({
      options: {
        databaseHooks: {
          user: {
            update: {
              before: async (data, context) => {
                await beforeUserUpdate(data, context as HookContext);
              },
              after: async (user, context) => afterUserUpdate(user, context as HookContext),
            },
          },
        },
      },
    }),
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === AUTH_PATHS.adminRemoveUser || ctx.path === AUTH_PATHS.deleteUser,
          handler: createAuthMiddleware(async (ctx) => {
            const session = await getSessionFromCtx(ctx);
            const targetId = ctx.path === AUTH_PATHS.deleteUser ? (session?.user.id ?? null) : userIdFrom(ctx.body);
            // Only an admin learns who the last admin is; anyone else gets Better Auth's own refusal.
            if (!targetId || (ctx.path === AUTH_PATHS.adminRemoveUser && !hasAdminRole(session?.user))) return;
            const target = await findPrivilegeState(db, targetId);
            if (isActiveAdmin(target) && !(await anotherActiveAdminExists(db, targetId))) throw lastAdminError();
          }),
        },
      ],
    },
  };
}

function describeActor(context: NonNullable<HookContext>, clientIpHeader: string, targetId: string): Omit<AuditEntry, "action"> {
  const user = context.context?.session?.user;
  const headers = context.request?.headers ?? context.headers;
  return {
    actorUserId: user?.id ?? null,
    actorEmail: user?.email ?? null,
    targetType: "user",
    targetId: targetId || null,
    ipAddress: headers?.get(clientIpHeader) ?? null,
    userAgent: headers?.get("user-agent") ?? null,
  };
}

function pick(data: Body, keys: readonly string[]): Body {
  return Object.fromEntries(keys.filter((key) => key in data).map((key) => [key, data[key]]));
}
