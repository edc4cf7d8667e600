import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { AUTH_PATHS } from "./auth-paths.ts";

/** What an unverified address is told, in Better Auth's error shape (`code`, `message`). */
export const VERIFIED_SESSION_ERRORS = {
  passkeyUnverified: {
    code: "EMAIL_NOT_VERIFIED",
    message: "Confirm your email address first: sign in with your password, and a new link is sent to you.",
  },
  deviceUnverified: { code: "EMAIL_NOT_VERIFIED", message: "Confirm your email address before you approve a device." },
} as const;

/**
 * With verification required, an address that is not verified finishes no authorization (nor
 * approves a device code), even from a session it already has: one signed in before verification
 * was switched on, or whose address an admin marked unverified. Such a session is treated as no
 * session: the authorization runs as `prompt=login`, so the login page takes over, and the
 * password there answers with a fresh link whose verification resumes the authorization
 * (form-sign-in.ts). `prompt=none` cannot show a page: it answers `login_required`, as for a
 * session too old for `max_age`.
 *
 * Better Auth merges what before-hooks return key by key, the later hook winning: registered after
 * the step-up plugin, and returning only `prompt` (or `max_age`), so both rewrites hold.
 *
 * A passkey sign-in checks no address: it is refused for an unverified address before its session
 * exists (the session hook below), so the person is told to use the password (which mails the
 * link) instead of coming back to the login page without a word.
 */
export function verifiedSessionsOnly(): BetterAuthPlugin {
  return {
    id: "iam-verified-sessions-only",
    init() {
      return {
        options: {
          databaseHooks: {
            session: {
              create: {
                before: async (session, ctx) => {
                  if (ctx?.path !== AUTH_PATHS.passkeyVerifyAuthentication) return;
                  const person = await ctx.context.internalAdapter.findUserById(session.userId);
                  if (person && !person.emailVerified) throw new APIError("FORBIDDEN", { ...VERIFIED_SESSION_ERRORS.passkeyUnverified });
                },
              },
            },
          },
        },
      };
    },
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === AUTH_PATHS.authorize,
          handler: createAuthMiddleware(async (ctx) => {
            const session = await getSessionFromCtx(ctx).catch(() => null);
            if (!session || session.user.emailVerified) return;
            // Only the key that changes: the step-up hook's rewrite of the rest (`claims`) must stand.
            const prompt = typeof ctx.query?.prompt === "string" ? ctx.query.prompt.split(" ") : [];
            if (prompt.includes("none")) return { context: { query: { max_age: 0 } } };
            return { context: { query: { prompt: [...prompt.filter((value) => value !== "login"), "login"].join(" ") } } };
          }),
        },
        {
          // The device grant's approval is the other way a session hands out tokens.
          matcher: (ctx) => ctx.path === AUTH_PATHS.deviceApprove,
          handler: createAuthMiddleware(async (ctx) => {
            const session = await getSessionFromCtx(ctx).catch(() => null);
            if (session && !session.user.emailVerified) throw new APIError("FORBIDDEN", { ...VERIFIED_SESSION_ERRORS.deviceUnverified });
          }),
        },
      ],
    },
  };
}
