import { describe, expect, it } from "vitest";
import { acrFor } from "../second-factor/authentication-methods.ts";
import { passkeyMethods } from "./passkey-methods.ts";

const boundKey = { userVerified: true, backedUp: false, deviceType: "singleDevice" } as const;

describe("passkeyMethods", () => {
  it("a user-verified passkey bound to its authenticator is hwk + user + mfa, and meets the multi-factor acr", () => {
    expect(passkeyMethods(boundKey, false)).toEqual(["hwk", "user", "mfa"]);
    expect(acrFor(passkeyMethods(boundKey, false))).toBe("urn:iam:acr:mfa");
  });

  it("a synced passkey is swk", () => {
    expect(passkeyMethods({ ...boundKey, backedUp: true, deviceType: "multiDevice" }, false)).toEqual(["swk", "user", "mfa"]);
  });

  it("without user verification a passkey is one factor", () => {
    const methods = passkeyMethods({ ...boundKey, userVerified: false }, false);
    expect(methods).toEqual(["hwk", "user"]);
    expect(acrFor(methods)).toBe("urn:iam:acr:sfa");
  });

  it("after a password it is pwd + the key + mfa, user verification or not", () => {
    expect(passkeyMethods({ ...boundKey, userVerified: false }, true)).toEqual(["pwd", "hwk", "user", "mfa"]);
  });
});
