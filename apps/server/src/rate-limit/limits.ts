import type { Throttle } from "./counter-store.ts";

/**
 * Every limit the server enforces besides Better Auth's own defaults. Failures are what attacks
 * produce (guessing, credential stuffing, secret guessing) and are throttled tightly; volume is
 * throttled per client and per address with room for a provider's real traffic.
 */
export interface RateLimits {
  /** Failed sign-ins per account, from any address ("guessing"). */
  accountSignInFailures: Throttle;
  /** Failed sign-ins per client address, on any accounts ("credential stuffing"). */
  addressSignInFailures: Throttle;
  /** Failed client authentications per address at token, introspection and revocation. */
  addressClientAuthFailures: Throttle;
  /** Requests per OAuth client to each of token, introspection and revocation. */
  clientRequests: Throttle;
  /** Requests per address to authorize, userinfo, sign-in and the other endpoints Better Auth limits. */
  addressRequests: Throttle;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  accountSignInFailures: { max: 5, windowSeconds: 300 },
  addressSignInFailures: { max: 30, windowSeconds: 300 },
  addressClientAuthFailures: { max: 20, windowSeconds: 300 },
  clientRequests: { max: 3000, windowSeconds: 60 },
  addressRequests: { max: 600, windowSeconds: 60 },
};
