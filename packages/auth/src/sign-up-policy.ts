import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { AUTH_PATHS } from "./auth-paths.ts";

export type SignUpMode = "open" | "invite" | "closed";

export interface SignUpRules {
  mode: SignUpMode;
  /** Lower-case domains; empty allows every domain. */
  allowedDomains: readonly string[];
}

/** Error codes of a refused sign-up, as Better Auth's JSON error `code` (the login page reads them). */
export const SIGN_UP_REFUSALS = {
  closed: { code: "SIGN_UP_CLOSED", message: "Sign-up is closed. Ask an administrator for an account." },
  invite: { code: "SIGN_UP_INVITATION_REQUIRED", message: "Sign-up is by invitation only. Ask an administrator to invite you." },
  domain: { code: "SIGN_UP_EMAIL_DOMAIN_NOT_ALLOWED", message: "Accounts with this email domain cannot be created here." },
} as const;

export interface SignUpPolicyDeps {
  /** The rules in force now (the console's setting, else SIGN_UP). */
  rules: () => Promise<SignUpRules>;
  /**
   * Whether `email` holds a valid invitation: invited people may sign up under `invite` and
   * `closed` and whatever their domain. Whoever builds invitations supplies it; none by default.
   */
  isInvited?: (email: string) => Promise<boolean>;
}

/** Why `email` may not sign up under `rules`, or null when it may. */
export function refuseSignUp(rules: SignUpRules, email: string, invited: boolean): (typeof SIGN_UP_REFUSALS)[keyof typeof SIGN_UP_REFUSALS] | null {
  if (invited) return null;
  if (rules.mode === "closed") return SIGN_UP_REFUSALS.closed;
  if (rules.mode === "invite") return SIGN_UP_REFUSALS.invite;
  const domain = email.slice(email.lastIndexOf("@") + 1).toLowerCase();
  if (rules.allowedDomains.length > 0 && !rules.allowedDomains.includes(domain)) return SIGN_UP_REFUSALS.domain;
  return null;
}

/**
 * Enforces the sign-up policy on Better Auth's `/sign-up/email`, for JSON and native form posts
 * alike (the form goes through the same endpoint). Only requests from outside are checked: the
 * server's own `auth.api` calls (admin-created users, boot) are decisions already made.
 */
export function signUpPolicy(deps: SignUpPolicyDeps): BetterAuthPlugin {
  return {
    id: "iam-sign-up-policy",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === AUTH_PATHS.signUpEmail,
          handler: createAuthMiddleware(async (ctx) => {
            if (!ctx.request) return;
            const email = typeof ctx.body?.email === "string" ? ctx.body.email.trim().toLowerCase() : "";
            if (!email) return;
            const invited = deps.isInvited ? await deps.isInvited(email) : false;
            const refusal = refuseSignUp(await deps.rules(), email, invited);
            if (refusal) throw new APIError("FORBIDDEN", { code: refusal.code, message: refusal.message });
          }),
        },
      ],
    },
  };
}
