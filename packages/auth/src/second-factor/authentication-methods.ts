import { AUTH_PATHS } from "../auth-paths.ts";

/**
 * The `acr` values this provider speaks (advertised in discovery as `acr_values_supported`): one
 * factor (a password, or a passkey without user verification), or several. A relying party asks
 * for the second with `acr_values` and reads what it got from the ID token's `acr`.
 */
export const ACR_VALUES = {
  singleFactor: "urn:iam:acr:sfa",
  multiFactor: "urn:iam:acr:mfa",
} as const;

/** RFC 8176 authentication method references. */
export const AMR = {
  password: "pwd",
  otp: "otp",
  hardwareKey: "hwk",
  softwareKey: "swk",
  userPresence: "user",
  multiFactor: "mfa",
} as const;

/**
 * How a session created by the endpoint at `path` was authenticated, as RFC 8176 values, or
 * undefined when that endpoint says nothing about it (the session then keeps what it had).
 */
export function methodsForSessionCreatedAt(path: string | undefined): string[] | undefined {
  switch (path) {
    case AUTH_PATHS.signInEmail:
    case AUTH_PATHS.signUpEmail:
      return [AMR.password];
    // A backup code is a one-time code too; both follow the password.
    case AUTH_PATHS.twoFactorVerifyTotp:
    case AUTH_PATHS.twoFactorVerifyBackupCode:
      return [AMR.password, AMR.otp, AMR.multiFactor];
    default:
      return undefined;
  }
}

export function parseAmr(stored: unknown): string[] {
  return typeof stored === "string" ? stored.split(" ").filter(Boolean) : [];
}

export function acrFor(amr: readonly string[]): string {
  return amr.includes(AMR.multiFactor) ? ACR_VALUES.multiFactor : ACR_VALUES.singleFactor;
}

/** Whether an authorization's `acr_values` (space-separated, in order of preference) asks for several factors. */
export function asksForMultiFactor(acrValues: unknown): boolean {
  return typeof acrValues === "string" && acrValues.split(" ").includes(ACR_VALUES.multiFactor);
}
