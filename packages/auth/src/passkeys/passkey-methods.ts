import { AMR } from "../second-factor/authentication-methods.ts";

/** What a verified WebAuthn assertion says about how the person was authenticated. */
export interface PasskeyAssertion {
  /** The authenticator verified the person (PIN, biometric): the UV flag. */
  userVerified: boolean;
  /** The credential may leave the device it was made on (a synced passkey): the BE/BS flags. */
  backedUp: boolean;
  deviceType: "singleDevice" | "multiDevice";
}

/**
 * RFC 8176 methods of a session a passkey created.
 *
 * - The key: `hwk` for a credential bound to one authenticator (a security key, a platform
 *   authenticator that does not sync), `swk` for a synced passkey, whose private key is copied
 *   between devices by a password manager or platform keychain, outside one piece of hardware.
 * - `user`: user presence was tested (WebAuthn always requires the UP flag).
 * - `mfa`: the passkey was something the person has *and*, with user verification, something they
 *   know or are (the authenticator's PIN or biometric) — the same two factors a password plus a
 *   code gives. So a user-verified passkey alone meets the multi-factor `acr`, as at most identity
 *   providers; without user verification it is one factor.
 * - As the second step after a password: `pwd` as well, and `mfa` whatever the UV flag.
 */
export function passkeyMethods(assertion: PasskeyAssertion, afterPassword: boolean): string[] {
  const key = assertion.backedUp || assertion.deviceType === "multiDevice" ? AMR.softwareKey : AMR.hardwareKey;
  if (afterPassword) return [AMR.password, key, AMR.userPresence, AMR.multiFactor];
  return assertion.userVerified ? [key, AMR.userPresence, AMR.multiFactor] : [key, AMR.userPresence];
}
