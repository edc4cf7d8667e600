export const ADMIN_ROLE = "admin";
export const USER_ROLE = "user";

/** The admin plugin stores several roles as a comma-separated string. */
export function hasAdminRole(user: Record<string, unknown> | null | undefined): boolean {
  const role = user?.role;
  if (typeof role !== "string") return false;
  return role
    .split(",")
    .map((part) => part.trim())
    .includes(ADMIN_ROLE);
}
