import { errors, jwtVerify } from "jose";
import type { JWTPayload, JWTVerifyGetKey } from "jose";

/** This app's idea of a user: who, which organization (tenant), and what they may do here. */
export interface AppUser {
  id: string;
  email: string | undefined;
  name: string | undefined;
  organizationId: string;
  role: "admin" | "member";
  lastLoginAt: string;
}

export type VerifyResult = { ok: true; claims: JWTPayload } | { ok: false; reason: "expired" | "invalid" };

/**
 * Checks a JWT from the provider: signature against the JWKS, issuer, audience (this client) and
 * expiry. `now` is the app's clock (tests move it). RS256 is what the provider signs with.
 */
export async function verifyProviderJwt(
  token: string,
  jwks: JWTVerifyGetKey,
  expected: { issuer: string; audience: string; now?: Date },
): Promise<VerifyResult> {
  try {
    const { payload } = await jwtVerify(token, jwks, {
      issuer: expected.issuer,
      audience: expected.audience,
      algorithms: ["RS256", "ES256", "EdDSA"],
      requiredClaims: ["exp", "sub"],
      currentDate: expected.now,
    });
    return { ok: true, claims: payload };
  } catch (error) {
    return { ok: false, reason: error instanceof errors.JWTExpired ? "expired" : "invalid" };
  }
}

/**
 * The provider's `organization` scope adds `organizationId` and `role` claims; map them to this
 * app's tenant and roles. Without them, a user is a member of an organization of their own.
 */
export function toAppUser(claims: JWTPayload, now: Date): AppUser {
  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
  const sub = text(claims.sub) ?? "";
  const roles = (text(claims.role) ?? "").split(",").map((role) => role.trim());
  return {
    id: sub,
    email: text(claims.email),
    name: text(claims.name),
    organizationId: text(claims.organizationId) ?? sub,
    role: roles.includes("admin") ? "admin" : "member",
    lastLoginAt: now.toISOString(),
  };
}

/** The app's user table, reduced to a map: upserted on every sign-in, like the guide's `upsertUser`. */
export class UserDirectory {
  private readonly users = new Map<string, AppUser>();

  upsert(user: AppUser): AppUser {
    this.users.set(user.id, user);
    return user;
  }

  get(id: string): AppUser | undefined {
    return this.users.get(id);
  }
}
