import { z } from "zod";
import { pageFields, pageQuery } from "./pagination.ts";

/**
 * `GET /api/admin/users?q=`: `q` matches name or email, case-insensitively, anywhere in them
 * (so `erin`, `Erin`, `@example.com` and `example.com` all find erin@example.com).
 */
export const userListQuery = pageQuery.strict();

/** A user as the console lists them (Better Auth's user fields, dates as ISO strings). */
export const adminUser = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    emailVerified: z.boolean(),
    image: z.string().nullable(),
    role: z.string().nullable(),
    banned: z.boolean(),
    banReason: z.string().nullable(),
    banExpires: z.string().nullable(),
    organizationId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "AdminUser" });
export type AdminUser = z.infer<typeof adminUser>;

export const adminUserPage = z.object({ users: z.array(adminUser), ...pageFields }).meta({ id: "AdminUserPage" });
export type AdminUserPage = z.infer<typeof adminUserPage>;

export const userIdParam = z.object({ id: z.string().min(1).max(200) });

/**
 * The `organizationId` claim (scope `organization`): an organization identifier the admin
 * chooses; `null` clears it (the user is then their own organization).
 */
export const updateUserOrganizationBody = z
  .object({
    organization_id: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(/^[\x21-\x7E]+$/, "printable ASCII without spaces")
      .nullable(),
  })
  .strict();
