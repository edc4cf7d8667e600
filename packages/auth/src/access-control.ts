import { adminAc, userAc } from "better-auth/plugins/admin/access";
import { ADMIN_ROLE, USER_ROLE } from "./roles.ts";

/**
 * The only roles that exist. Handing them to the admin plugin makes `set-role` and `create-user`
 * refuse any other string (the plugin accepts anything when no roles are configured).
 */
export const ROLES = { [ADMIN_ROLE]: adminAc, [USER_ROLE]: userAc };

export const ROLE_NAMES = [ADMIN_ROLE, USER_ROLE] as const;

/**
 * OAuth clients belong to "the administrators", not to the admin who happened to create them,
 * so any admin can update, rotate or delete any client through the plugin's own functions.
 */
export const ADMIN_CLIENT_REFERENCE = "iam:admins";
