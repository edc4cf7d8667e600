export const ADMIN_ROLE = "admin";
export const USER_ROLE = "user";

/** The admin plugin stores several roles as a comma-separated string. */
export function hasAdminRole(user: { role?: unknown } | null | undefined): boolean {
  if (!user || typeof user.role !== "string") return false;
  return user.role.split(",").map((role) => role.trim()).includes(ADMIN_ROLE);
}
