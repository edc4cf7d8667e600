import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { AUTH_PATHS } from "../auth-paths.ts";

/** How recent a sign-in must be to add a passkey (the passkey plugin's own check is a day). */
export const PASSKEY_ADD_WITHIN_SECONDS = 10 * 60;

export const PASSKEY_REGISTRATION_ERRORS = {
  signInAgain: { code: "SESSION_NOT_FRESH", message: "For your safety, sign in again before adding a passkey." },
} as const;

/**
 * A passkey is a way in, and one verified by its authenticator counts as two factors: adding one
 * must take more than a session cookie someone may have taken. An authenticator app asks for the
 * password; a passkey asks for a sign-in within the last ten minutes (what a password, or the
 * required enrollment right after it, just gave), as GitHub's "sudo mode" does.
 */
export function recentSignInToAddPasskey(): BetterAuthPlugin {
  return {
    id: "iam-passkey-registration",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === AUTH_PATHS.passkeyRegisterOptions || ctx.path === AUTH_PATHS.passkeyVerifyRegistration,
          handler: createAuthMiddleware(async (ctx) => {
            // Without a session the plugin answers 401 itself.
            const session = await getSessionFromCtx(ctx).catch(() => null);
            if (!session) return;
            const age = Date.now() - new Date(session.session.createdAt).getTime();
            if (age > PASSKEY_ADD_WITHIN_SECONDS * 1000) throw new APIError("FORBIDDEN", { ...PASSKEY_REGISTRATION_ERRORS.signInAgain });
          }),
        },
      ],
    },
  };
}
