import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware, getSessionFromCtx, isAPIError } from "better-auth/api";
import { AUDIT_ACTIONS } from "../audit/audit-actions.ts";
import type { AuditAction } from "../audit/audit-actions.ts";
import type { AuditWriter } from "../audit/audit-writer.ts";
import { AUTH_PATHS } from "../auth-paths.ts";
import { CHALLENGE_COOKIE } from "./challenge.ts";

const VERIFY_PATHS = new Set<string>([AUTH_PATHS.twoFactorVerifyTotp, AUTH_PATHS.twoFactorVerifyBackupCode]);
const AUDITED_PATHS = new Set<string>([...VERIFY_PATHS, AUTH_PATHS.twoFactorDisable, AUTH_PATHS.twoFactorGenerateBackupCodes]);

interface Attempt {
  userId: string | null;
  email: string | null;
  /** A session confirming a factor not yet verified: this is its enrollment. */
  enrolling: boolean;
}

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

/** Who is verifying, read before the endpoint runs (a failure may burn the challenge it names). */
async function whoIsVerifying(ctx: HookContext): Promise<Attempt> {
  const session = await getSessionFromCtx(ctx).catch(() => null);
  if (session) {
    const row = await ctx.context.adapter.findOne<{ verified: boolean | null }>({
      model: "twoFactor",
      where: [{ field: "userId", value: session.user.id }],
    });
    return { userId: session.user.id, email: session.user.email, enrolling: row !== null && row.verified === false };
  }
  const cookie = ctx.context.createAuthCookie(CHALLENGE_COOKIE);
  const identifier = await ctx.getSignedCookie(cookie.name, ctx.context.secret);
  const challenge = identifier ? await ctx.context.internalAdapter.findVerificationValue(identifier) : null;
  const user = challenge ? await ctx.context.internalAdapter.findUserById(challenge.value) : null;
  return { userId: user?.id ?? null, email: user?.email ?? null, enrolling: false };
}

/** A redirect (the OAuth plugin resuming the authorization) is thrown as an APIError too: not a failure. */
function failed(returned: unknown): boolean {
  if (returned instanceof Response) return returned.status >= 400;
  return isAPIError(returned) && returned.statusCode >= 400;
}

/**
 * Audit entries for second factors: enrollment (the first code confirmed), removal, backup codes
 * regenerated, each failed code (with the account it was for), and a sign-in completed by a second
 * factor. Never the codes themselves.
 */
export function secondFactorAudit(write: AuditWriter, clientIpHeader: string): BetterAuthPlugin {
  // Keyed by the request: the before and after hooks of one call see the same Request.
  const attempts = new WeakMap<Request, Attempt>();
  return {
    id: "iam-second-factor-audit",
    hooks: {
      before: [
        {
          matcher: (ctx) => VERIFY_PATHS.has(ctx.path ?? ""),
          handler: createAuthMiddleware(async (ctx) => {
            if (ctx.request) attempts.set(ctx.request, await whoIsVerifying(ctx));
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => AUDITED_PATHS.has(ctx.path ?? ""),
          handler: createAuthMiddleware(async (ctx) => {
            if (!ctx.request) return;
            const from = { ipAddress: ctx.request.headers.get(clientIpHeader), userAgent: ctx.request.headers.get("user-agent") };
            const returned = ctx.context.returned;
            const isBackupCode = ctx.path === AUTH_PATHS.twoFactorVerifyBackupCode;
            if (VERIFY_PATHS.has(ctx.path)) {
              const attempt = attempts.get(ctx.request);
              attempts.delete(ctx.request);
              const actor = {
                actorUserId: attempt?.userId ?? null,
                actorEmail: attempt?.email ?? null,
                targetType: "user" as const,
                targetId: attempt?.userId ?? null,
              };
              const method = isBackupCode ? "backup_code" : "totp";
              let action: AuditAction;
              if (failed(returned)) action = AUDIT_ACTIONS.secondFactorFailed;
              else if (attempt?.enrolling) action = AUDIT_ACTIONS.secondFactorEnrolled;
              else action = AUDIT_ACTIONS.signInSucceeded;
              const status = isAPIError(returned) && returned.statusCode >= 400 ? returned.statusCode : undefined;
              await write({ action, ...actor, details: { method, ...(status ? { status } : {}) }, ...from });
              return;
            }
            if (failed(returned)) return;
            const session = ctx.context.session;
            const action = ctx.path === AUTH_PATHS.twoFactorDisable ? AUDIT_ACTIONS.secondFactorRemoved : AUDIT_ACTIONS.backupCodesRegenerated;
            await write({
              action,
              actorUserId: session?.user.id ?? null,
              actorEmail: session?.user.email ?? null,
              targetType: "user",
              targetId: session?.user.id ?? null,
              details: { method: "totp" },
              ...from,
            });
          }),
        },
      ],
    },
  };
}
