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

type Query = Record<string, unknown>;

function requestedAcrValues(request: Record<string, unknown>): string[] {
  const values = Array.isArray(request.values) ? request.values.filter((value): value is string => typeof value === "string") : [];
  return typeof request.value === "string" ? [...values, request.value] : values;
}

/**
 * An `acr` request in the `claims` parameter (`{"id_token":{"acr":{"essential":true,"values":[…]}}}`,
 * OpenID Connect Core 5.5.1.1) made into `acr_values`, which the step-up understands: the OAuth
 * plugin compares an essential `acr` with its own constant "0" and refuses every other value, and
 * the query it signs for the login page must still say what was asked after the sign-in. The `acr`
 * member is dropped from `claims` (the ID token always carries `acr`); a request naming none of
 * this provider's values is left for the plugin to refuse. Answers `query` itself when nothing changes.
 */
export function acrClaimsAsAcrValues(query: Query): Query {
  let claims: unknown = query.claims;
  if (typeof claims === "string") {
    if (!claims.includes('"acr"')) return query;
    try {
      claims = JSON.parse(claims);
    } catch {
      return query;
    }
  }
  if (!claims || typeof claims !== "object") return query;
  const idToken = (claims as { id_token?: unknown }).id_token;
  if (!idToken || typeof idToken !== "object") return query;
  const acr = (idToken as { acr?: unknown }).acr;
  if (!acr || typeof acr !== "object") return query;
  const ours = requestedAcrValues(acr as Record<string, unknown>).filter((value) => value === ACR_VALUES.multiFactor || value === ACR_VALUES.singleFactor);
  if (ours.length === 0) return query;
  const { acr: _taken, ...otherIdTokenClaims } = idToken as Record<string, unknown>;
  const { id_token: _idToken, ...otherMembers } = claims as Record<string, unknown>;
  const rest = Object.keys(otherIdTokenClaims).length > 0 ? { ...otherMembers, id_token: otherIdTokenClaims } : otherMembers;
  const acrValues = typeof query.acr_values === "string" ? query.acr_values.split(" ").filter(Boolean) : [];
  const merged = [...new Set([...acrValues, ...ours])];
  // An empty request object rather than no `claims`: hook answers are merged into the query, never remove from it.
  return { ...query, acr_values: merged.join(" "), claims: JSON.stringify(rest) };
}
