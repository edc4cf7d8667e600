import type { createAuthMiddleware } from "better-auth/api";
import { expireCookie } from "better-auth/cookies";

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

/** As Better Auth's two-factor plugin names its challenge cookie and records (TWO_FACTOR_COOKIE_NAME, `2fa-…`). */
export const CHALLENGE_COOKIE = "two_factor";

export interface PendingChallenge {
  /** The verification record's identifier (the cookie's signed value). */
  identifier: string;
  userId: string;
}

/**
 * The second-factor challenge a password sign-in (or a step-up) opened in this browser, when it is
 * still valid: who it is for. Read from the signed cookie and the verification record, as the
 * two-factor plugin's own verify endpoints do.
 */
export async function readChallenge(ctx: HookContext): Promise<PendingChallenge | undefined> {
  const cookie = ctx.context.createAuthCookie(CHALLENGE_COOKIE);
  const identifier = await ctx.getSignedCookie(cookie.name, ctx.context.secret);
  if (!identifier) return undefined;
  const record = await ctx.context.internalAdapter.findVerificationValue(identifier);
  if (!record || new Date(record.expiresAt).getTime() <= Date.now()) return undefined;
  return { identifier, userId: record.value };
}

/** Ends a challenge met by another means than the plugin's endpoints (a passkey): records and cookie. */
export async function closeChallenge(ctx: HookContext, challenge: PendingChallenge): Promise<void> {
  await ctx.context.internalAdapter.deleteVerificationByIdentifier(challenge.identifier);
  await ctx.context.internalAdapter.deleteVerificationByIdentifier(`2fa-attempts-${challenge.identifier}`);
  expireCookie(ctx, ctx.context.createAuthCookie(CHALLENGE_COOKIE));
}
