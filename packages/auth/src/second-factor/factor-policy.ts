import type { Db } from "@iam/db";
import { passkey } from "@iam/db/schema";
import { eq } from "drizzle-orm";
import { readTokenPolicy } from "../access-tokens/token-policy.ts";
import { hasAdminRole } from "../roles.ts";
import { AMR, parseAmr } from "./authentication-methods.ts";

/** The console's second-factor settings (`/api/admin/settings`). */
export interface SecondFactorSettings {
  /** Administrators need a second factor (console, admin API, and their authorizations). */
  admins: boolean;
  /** Everyone needs one. */
  everyone: boolean;
}

export const NO_SECOND_FACTOR_REQUIRED: SecondFactorSettings = { admins: false, everyone: false };

/** What the policy reads: the settings in force, and the client's own setting from `db`. */
export interface FactorPolicyDeps {
  db: Db;
  settings?: () => Promise<SecondFactorSettings>;
}

interface PersonLike {
  id: string;
  role?: unknown;
  twoFactorEnabled?: unknown;
}

/**
 * Whether a person has a second factor they can be asked for. The one place this is asked: an
 * authenticator app confirmed by a first code (Better Auth's `twoFactorEnabled`, set on
 * confirmation and cleared by a removal or an admin's reset), or a passkey (which the
 * second-factor page offers instead of a code).
 */
export async function hasSecondFactor(db: Db, person: PersonLike): Promise<boolean> {
  if (person.twoFactorEnabled === true) return true;
  const [found] = await db.select({ id: passkey.id }).from(passkey).where(eq(passkey.userId, person.id)).limit(1);
  return found !== undefined;
}

/** Whether a session was signed in with a second factor (its RFC 8176 `amr` says `mfa`). */
export function sessionHasSecondFactor(session: object): boolean {
  return parseAmr((session as { amr?: unknown }).amr).includes(AMR.multiFactor);
}

/**
 * Whether an admin's session may act as an admin: it was signed in with a second factor, or the
 * settings do not ask administrators for one. The one rule behind the admin API, Better Auth's
 * admin endpoints and the OAuth plugin's client endpoints. (The settings are read only when the
 * session has one factor.)
 */
export async function meetsAdminFactorRule(session: object, adminsNeedSecondFactor: () => Promise<boolean>): Promise<boolean> {
  return sessionHasSecondFactor(session) || !(await adminsNeedSecondFactor());
}

/** Whether the settings ask this person for a second factor, whatever they sign in to. */
export function requiredBySettings(settings: SecondFactorSettings, person: PersonLike): boolean {
  return settings.everyone || (settings.admins && hasAdminRole({ role: person.role }));
}

/**
 * Whether signing `person` in (to `clientId` when an authorization asks, else to the console)
 * needs a second factor: the client requires one, or the settings do for everyone or for admins.
 */
export async function secondFactorRequired(deps: FactorPolicyDeps, person: PersonLike, clientId?: string): Promise<boolean> {
  const settings = (await deps.settings?.()) ?? NO_SECOND_FACTOR_REQUIRED;
  if (requiredBySettings(settings, person)) return true;
  if (!clientId) return false;
  return (await readTokenPolicy(deps.db, clientId)).requireSecondFactor;
}
