import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { AUTH_PATHS } from "./auth-paths.ts";

/** Where a session says yes to an application: authorization, consent, and the flow's resumption. */
const AUTHORIZING_PATHS = new Set<string>([AUTH_PATHS.authorize, AUTH_PATHS.consent, AUTH_PATHS.continue]);

export const IMPERSONATION_REFUSAL = {
  error: "access_denied",
  error_description:
    "This session is an administrator's impersonation of another person: it cannot authorize applications. Stop impersonating, then sign in as yourself.",
} as const;

/**
 * An admin impersonating a person may look at the console as they see it, but never sign in to
 * an application as them: a relying party would receive an ID token for the person with no trace
 * of the admin (nothing in the token says who acted), and could act on it. So authorization,
 * consent and their continuation refuse any impersonation session with `access_denied`; a
 * browser is shown the console's error page (apps/server/src/end-user/).
 */
export function impersonationBoundary(): BetterAuthPlugin {
  return {
    id: "iam-impersonation-boundary",
    hooks: {
      before: [
        {
          // The OAuth plugin resumes a signed authorization request (`oauth_query`) after any
          // response that sets a session cookie, impersonate-user's included: refused up front,
          // before a session exists, rather than relying on the resumed authorization's check.
          matcher: (ctx) => ctx.path === AUTH_PATHS.adminImpersonateUser && Boolean((ctx.body as Record<string, unknown> | undefined)?.oauth_query),
          handler: createAuthMiddleware(async () => {
            throw new APIError("BAD_REQUEST", { error: "invalid_request", error_description: "Impersonation cannot carry an authorization request." });
          }),
        },
        {
          matcher: (ctx) => ctx.path !== undefined && AUTHORIZING_PATHS.has(ctx.path),
          handler: createAuthMiddleware(async (ctx) => {
            const session = await getSessionFromCtx(ctx);
            // Set by the admin plugin on sessions that impersonation-user opened.
            const impersonatedBy = (session?.session as { impersonatedBy?: string | null } | undefined)?.impersonatedBy;
            if (impersonatedBy) throw new APIError("FORBIDDEN", { ...IMPERSONATION_REFUSAL });
          }),
        },
      ],
    },
  };
}
