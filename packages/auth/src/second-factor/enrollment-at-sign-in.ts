import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware } from "better-auth/api";
import { AUTH_PATHS } from "../auth-paths.ts";
import { hasSecondFactor, NO_SECOND_FACTOR_REQUIRED, requiredBySettings } from "./factor-policy.ts";
import type { FactorPolicyDeps } from "./factor-policy.ts";

/** Added to a password sign-in's JSON when the person must set up a second factor before going on. */
export const ENROLLMENT_FLAG = "secondFactorEnrollment";

type Body = Record<string, unknown>;

function answerBody(returned: unknown): Body | undefined {
  if (!returned || typeof returned !== "object" || returned instanceof Response || returned instanceof Error) return undefined;
  const record = returned as Body;
  if (record._flag === "json" && record.body && typeof record.body === "object") return record.body as Body;
  return record;
}

/**
 * A sign-in outside an authorization (the console's own) by a person the settings require a
 * second factor of, who has none: the answer says so (`secondFactorEnrollment: true`), and the
 * browser layer sends them to the enrollment page before the console. Inside an authorization the
 * step-up hooks on /oauth2/authorize decide instead (the client's setting counts there too).
 */
export function enrollmentAtSignIn(policy: FactorPolicyDeps): BetterAuthPlugin {
  return {
    id: "iam-enrollment-at-sign-in",
    hooks: {
      after: [
        {
          matcher: (ctx) => ctx.path === AUTH_PATHS.signInEmail && !ctx.body?.oauth_query,
          handler: createAuthMiddleware(async (ctx) => {
            const created = ctx.context.newSession;
            const body = answerBody(ctx.context.returned);
            if (!created || !body || body.twoFactorRedirect === true) return;
            if (await hasSecondFactor(policy.db, created.user)) return;
            const settings = (await policy.settings?.()) ?? NO_SECOND_FACTOR_REQUIRED;
            if (!requiredBySettings(settings, created.user)) return;
            return ctx.json({ ...body, [ENROLLMENT_FLAG]: true });
          }),
        },
      ],
    },
  };
}
