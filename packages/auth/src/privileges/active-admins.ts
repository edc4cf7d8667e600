import type { Db } from "@iam/db";
import { user } from "@iam/db/schema";
import { and, eq, isNull, like, ne, or } from "drizzle-orm";
import { ADMIN_ROLE, hasAdminRole } from "../roles.ts";

export interface PrivilegeState {
  id: string;
  role: string | null;
  banned: boolean | null;
}

export async function findPrivilegeState(db: Db, userId: string): Promise<PrivilegeState | undefined> {
  const [row] = await db.select({ id: user.id, role: user.role, banned: user.banned }).from(user).where(eq(user.id, userId)).limit(1);
  return row;
}

/** An admin who can act: has the role and is not banned. */
export function isActiveAdmin(state: Pick<PrivilegeState, "role" | "banned"> | undefined): boolean {
  return state !== undefined && hasAdminRole(state) && state.banned !== true;
}

/**
 * Whether someone other than `userId` remains an active admin. With no `userId` (a change whose
 * target is unknown), at least two must exist, so that losing any one still leaves one.
 */
export async function anotherActiveAdminExists(db: Db, userId: string | null): Promise<boolean> {
  const candidates = await db
    .select({ role: user.role, banned: user.banned })
    .from(user)
    .where(and(userId ? ne(user.id, userId) : undefined, like(user.role, `%${ADMIN_ROLE}%`), or(eq(user.banned, false), isNull(user.banned))));
  // `like` is only a prefilter: "superadmin" contains "admin" without being it.
  const active = candidates.filter(isActiveAdmin).length;
  return userId ? active >= 1 : active >= 2;
}
