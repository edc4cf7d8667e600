import { twoFactor } from "better-auth/plugins";

/**
 * Wrong second-factor codes per account, from any address and across challenges, before the
 * account's second factor is locked: the same budget and window as failed passwords
 * (apps/server/src/rate-limit/limits.ts, accountSignInFailures). Better Auth counts and locks
 * on the account's two_factor row itself, so every instance shares the count.
 */
export const SECOND_FACTOR_FAILURE_LIMIT = { maxFailedAttempts: 5, durationSeconds: 300 } as const;

/** Backup codes handed out at enrollment and at each regeneration; each one works once. */
export const BACKUP_CODE_COUNT = 10;

/**
 * Better Auth's two-factor plugin: TOTP (authenticator apps) with backup codes. Enrollment is
 * confirmed by a first code (`/two-factor/verify-totp` with the session) before the factor is
 * active; a sign-in of a person with an active factor answers `twoFactorRedirect` instead of a
 * session, and the session is created by `/two-factor/verify-totp` or `/verify-backup-code`,
 * which resumes the OAuth authorization (its signed `oauth_query` travels in the form).
 * Backup codes are stored encrypted with the secret (the plugin's default).
 */
export function secondFactorPlugin(issuer: string) {
  return twoFactor({
    issuer,
    accountLockout: { enabled: true, ...SECOND_FACTOR_FAILURE_LIMIT },
    backupCodeOptions: { amount: BACKUP_CODE_COUNT, length: 10 },
  });
}
