import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware, isAPIError } from "better-auth/api";
import { AUDIT_ACTIONS } from "./audit-actions.ts";
import type { AuditAction, AuditEntry } from "./audit-actions.ts";
import type { AuditWriter } from "./audit-writer.ts";
import { AUTH_PATHS } from "../auth-paths.ts";

type Target = Pick<AuditEntry, "targetType" | "targetId" | "details">;
type Body = Record<string, unknown>;

const str = (value: unknown): string | null => (typeof value === "string" && value ? value : null);

function clientFromQuery(body: Body): string | null {
  const query = str(body.oauth_query);
  return query ? new URLSearchParams(query).get("client_id") : null;
}

const ownAccount = (userId: string | null): Target => ({ targetType: "user", targetId: userId });

/**
 * Endpoints whose success is recorded, and what each one did to what. Role changes, bans and
 * unbans are recorded where they are written, whichever endpoint made them (privileges/).
 */
/** `actorId`: the signed-in person, or the one a sign-up has just signed in. */
const SUCCESSES: Record<string, (body: Body, returned: Body, actorId: string | null) => { action: AuditAction } & Target> = {
  [AUTH_PATHS.signUpEmail]: (_body, returned, newUserId) => ({
    action: AUDIT_ACTIONS.signedUp,
    targetType: "user",
    // A form sign-up answers with a redirect, not the user: the new session names them.
    targetId: str((returned.user as Body | undefined)?.id) ?? newUserId,
  }),
  "/sign-out": () => ({ action: AUDIT_ACTIONS.signedOut }),
  [AUTH_PATHS.consent]: (body) => ({
    action: body.accept === true ? AUDIT_ACTIONS.consentGranted : AUDIT_ACTIONS.consentDenied,
    targetType: "oauth_client",
    targetId: clientFromQuery(body),
  }),
  [AUTH_PATHS.deviceApprove]: (_body, _returned, self) => ({ action: AUDIT_ACTIONS.deviceApproved, ...ownAccount(self) }),
  [AUTH_PATHS.deviceDeny]: (_body, _returned, self) => ({ action: AUDIT_ACTIONS.deviceDenied, ...ownAccount(self) }),
  [AUTH_PATHS.updateConsent]: (body) => ({ action: AUDIT_ACTIONS.consentUpdated, targetType: "consent", targetId: str(body.id) }),
  [AUTH_PATHS.deleteConsent]: (body) => ({ action: AUDIT_ACTIONS.consentRevoked, targetType: "consent", targetId: str(body.id) }),
  [AUTH_PATHS.createClient]: (_body, returned) => ({ action: AUDIT_ACTIONS.clientCreated, targetType: "oauth_client", targetId: str(returned.client_id) }),
  [AUTH_PATHS.updateClient]: (body) => ({ action: AUDIT_ACTIONS.clientUpdated, targetType: "oauth_client", targetId: str(body.client_id) }),
  [AUTH_PATHS.rotateClientSecret]: (body) => ({ action: AUDIT_ACTIONS.clientSecretRotated, targetType: "oauth_client", targetId: str(body.client_id) }),
  [AUTH_PATHS.deleteClient]: (body) => ({ action: AUDIT_ACTIONS.clientDeleted, targetType: "oauth_client", targetId: str(body.client_id) }),
  // The role and ban a user is created with are part of what happened (an admin created at once).
  [AUTH_PATHS.adminCreateUser]: (_body, returned) => {
    const created = (returned.user ?? {}) as Body;
    return {
      action: AUDIT_ACTIONS.userCreated,
      targetType: "user",
      targetId: str(created.id),
      details: { role: str(created.role), banned: created.banned === true },
    };
  },
  [AUTH_PATHS.adminRemoveUser]: (body) => ({ action: AUDIT_ACTIONS.userRemoved, targetType: "user", targetId: str(body.userId) }),
  [AUTH_PATHS.adminRevokeUserSessions]: (body) => ({ action: AUDIT_ACTIONS.userSessionsRevoked, targetType: "user", targetId: str(body.userId) }),
  [AUTH_PATHS.adminImpersonateUser]: (body) => ({ action: AUDIT_ACTIONS.impersonationStarted, targetType: "user", targetId: str(body.userId) }),
  [AUTH_PATHS.adminStopImpersonating]: () => ({ action: AUDIT_ACTIONS.impersonationStopped }),
  // The account page: a person's changes to their own account target themselves. Which fields
  // changed, never secrets; a session is not named (the endpoint takes its token, kept out of the log).
  [AUTH_PATHS.updateUser]: (body, _returned, self) => ({
    action: AUDIT_ACTIONS.profileUpdated,
    ...ownAccount(self),
    details: {
      fields: Object.keys(body)
        .sort()
        .slice(0, 20)
        .map((field) => field.slice(0, 64)),
    },
  }),
  [AUTH_PATHS.changeEmail]: (body, _returned, self) => ({
    action: AUDIT_ACTIONS.emailChangeRequested,
    ...ownAccount(self),
    details: { new_email: str(body.newEmail)?.toLowerCase().slice(0, 320) ?? null },
  }),
  [AUTH_PATHS.changePassword]: (body, _returned, self) => ({
    action: AUDIT_ACTIONS.passwordChanged,
    ...ownAccount(self),
    details: { other_sessions_revoked: body.revokeOtherSessions === true },
  }),
  [AUTH_PATHS.revokeSession]: (_body, returned, self) => ({
    action: AUDIT_ACTIONS.sessionRevoked,
    ...ownAccount(self),
    details: { revoked: returned.status !== false },
  }),
  [AUTH_PATHS.revokeSessions]: (_body, _returned, self) => ({ action: AUDIT_ACTIONS.sessionsRevoked, ...ownAccount(self) }),
  [AUTH_PATHS.revokeOtherSessions]: (_body, _returned, self) => ({ action: AUDIT_ACTIONS.otherSessionsRevoked, ...ownAccount(self) }),
};

/**
 * Records security events from Better Auth's own endpoints, after they ran. Only HTTP requests
 * are recorded here; the server's own `auth.api.*` calls are recorded by the routes that make
 * them (the admin API), so nothing is logged twice.
 */
export function auditLogPlugin(write: AuditWriter, clientIpHeader: string): BetterAuthPlugin {
  return {
    id: "iam-audit-log",
    hooks: {
      after: [
        {
          matcher: (ctx) => ctx.path === AUTH_PATHS.signInEmail || (ctx.path !== undefined && ctx.path in SUCCESSES),
          handler: createAuthMiddleware(async (ctx) => {
            if (!ctx.request) return;
            const body = (ctx.body ?? {}) as Body;
            const returned = ctx.context.returned;
            // What happened, not how it travelled: a native form's success is a redirect, which
            // Better Auth returns as an APIError with a 3xx status (or a Response).
            const status = isAPIError(returned) ? returned.statusCode : returned instanceof Response ? returned.status : 200;
            const failed = status >= 400;
            const from = {
              ipAddress: ctx.request.headers.get(clientIpHeader),
              userAgent: ctx.request.headers.get("user-agent"),
            };
            if (ctx.path === AUTH_PATHS.signInEmail) {
              const user = ctx.context.newSession?.user;
              // The password was right and a second factor is asked for (second-factor/ records the rest).
              const answer = returned !== null && typeof returned === "object" ? (returned as Body) : {};
              // A hook's ctx.json() is `{ body, _flag }` when the call answers a Response.
              const secondFactorDue = !failed && ((answer.body as Body | undefined)?.twoFactorRedirect === true || answer.twoFactorRedirect === true);
              await write({
                action: secondFactorDue
                  ? AUDIT_ACTIONS.signInSecondFactorRequired
                  : failed || !user
                    ? AUDIT_ACTIONS.signInFailed
                    : AUDIT_ACTIONS.signInSucceeded,
                actorUserId: failed ? null : (user?.id ?? null),
                actorEmail: str(body.email)?.trim().toLowerCase().slice(0, 320) ?? null,
                ...(failed
                  ? { details: { status, ...(isAPIError(returned) && returned.body?.code ? { reason: String(returned.body.code).toLowerCase() } : {}) } }
                  : {}),
                ...from,
              });
              return;
            }
            if (failed) return;
            const describe = ctx.path ? SUCCESSES[ctx.path] : undefined;
            if (!describe) return;
            const session = ctx.context.session ?? ctx.context.newSession;
            const plain = returned && typeof returned === "object" && !isAPIError(returned) && !(returned instanceof Response);
            const event = describe(body, plain ? (returned as Body) : {}, session?.user.id ?? null);
            await write({ ...event, actorUserId: session?.user.id ?? null, actorEmail: session?.user.email ?? null, ...from });
          }),
        },
      ],
    },
  };
}
