import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware, isAPIError } from "better-auth/api";
import { AUDIT_ACTIONS } from "../audit/audit-actions.ts";
import type { AuditEntry } from "../audit/audit-actions.ts";
import type { AuditWriter } from "../audit/audit-writer.ts";
import { AUTH_PATHS } from "../auth-paths.ts";
import { readChallenge } from "../second-factor/challenge.ts";
import { answerBody } from "../second-factor/id-token-context.ts";

const AUDITED_PATHS = new Set<string>([AUTH_PATHS.passkeyVerifyRegistration, AUTH_PATHS.passkeyDelete, AUTH_PATHS.passkeyVerifyAuthentication]);

/** A redirect (the OAuth plugin resuming the authorization) is thrown as an APIError too: not a failure. */
function failedStatus(returned: unknown): number | undefined {
  if (returned instanceof Response) return returned.status >= 400 ? returned.status : undefined;
  return isAPIError(returned) && returned.statusCode >= 400 ? returned.statusCode : undefined;
}

function str(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/**
 * Audit entries for passkeys: one added (`second_factor.enrolled`, method `passkey`, with its id
 * and name), one removed (`second_factor.removed`), a sign-in with one (`sign_in.succeeded`, first
 * or second step), a refused one (`sign_in.failed`, or `second_factor.failed` on the second step,
 * with the account the challenge was for). Never the credential or its public key. Renaming is
 * not audited: it changes a label only.
 */
export function passkeyAudit(write: AuditWriter, clientIpHeader: string): BetterAuthPlugin {
  return {
    id: "iam-passkey-audit",
    hooks: {
      after: [
        {
          matcher: (ctx) => AUDITED_PATHS.has(ctx.path ?? ""),
          handler: createAuthMiddleware(async (ctx) => {
            if (!ctx.request) return;
            const from = { ipAddress: ctx.request.headers.get(clientIpHeader), userAgent: ctx.request.headers.get("user-agent") };
            const returned = ctx.context.returned;
            const status = failedStatus(returned);
            const body = (ctx.body ?? {}) as Record<string, unknown>;
            let entry: AuditEntry | undefined;
            if (ctx.path === AUTH_PATHS.passkeyVerifyAuthentication) {
              const secondStep = body.second_factor === true;
              if (status) {
                const challenge = secondStep ? await readChallenge(ctx) : undefined;
                entry = {
                  action: secondStep ? AUDIT_ACTIONS.secondFactorFailed : AUDIT_ACTIONS.signInFailed,
                  targetType: "user",
                  targetId: challenge?.userId ?? null,
                  actorUserId: challenge?.userId ?? null,
                  details: { method: "passkey", status },
                };
              } else {
                const user = ctx.context.newSession?.user;
                entry = {
                  action: AUDIT_ACTIONS.signInSucceeded,
                  actorUserId: user?.id ?? null,
                  actorEmail: user?.email ?? null,
                  targetType: "user",
                  targetId: user?.id ?? null,
                  details: { method: "passkey", step: secondStep ? "second" : "first" },
                };
              }
            } else if (!status) {
              const session = ctx.context.session;
              const registered = ctx.path === AUTH_PATHS.passkeyVerifyRegistration ? answerBody(returned) : undefined;
              entry = {
                action: registered ? AUDIT_ACTIONS.secondFactorEnrolled : AUDIT_ACTIONS.secondFactorRemoved,
                actorUserId: session?.user.id ?? null,
                actorEmail: session?.user.email ?? null,
                targetType: "user",
                targetId: session?.user.id ?? null,
                details: registered
                  ? { method: "passkey", passkeyId: str(registered.id), name: str(registered.name) }
                  : { method: "passkey", passkeyId: str(body.id) },
              };
            }
            if (entry) await write({ ...entry, ...from });
          }),
        },
      ],
    },
  };
}
