import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { AUTH_PATHS } from "./auth-paths.ts";

/**
 * With verification required, an address that is not verified finishes no authorization, even
 * from a session it already has: one signed in before verification was switched on, or whose
 * address an admin marked unverified. Such a session is treated as no session: the authorization
 * runs as `prompt=login`, so the login page takes over, and the password there answers with a
 * fresh link whose verification resumes the authorization (form-sign-in.ts). `prompt=none`
 * cannot show a page: it answers `login_required`, as for a session too old for `max_age`.
 *
 * Registered after the step-up plugin: the query a later before-hook returns wins key by key.
 */
export function verifiedSessionsOnly(): BetterAuthPlugin {
  return {
    id: "iam-verified-sessions-only",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === AUTH_PATHS.authorize,
          handler: createAuthMiddleware(async (ctx) => {
            const session = await getSessionFromCtx(ctx).catch(() => null);
            if (!session || session.user.emailVerified) return;
            const query: Record<string, unknown> = ctx.query ?? {};
            const prompt = typeof query.prompt === "string" ? query.prompt.split(" ") : [];
            if (prompt.includes("none")) return { context: { query: { ...query, max_age: 0 } } };
            return { context: { query: { ...query, prompt: [...prompt.filter((value) => value !== "login"), "login"].join(" ") } } };
          }),
        },
      ],
    },
  };
}
