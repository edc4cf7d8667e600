import { randomBytes } from "node:crypto";
import { ADMIN_ROLE, hasAdminRole } from "@iam/auth";
import type { Auth } from "@iam/auth";
import { user } from "@iam/db/schema";
import type { Db } from "@iam/db";
import { eq, like } from "drizzle-orm";
import type { Logger } from "../http/logger.ts";

export const GENERATED_ADMIN_EMAIL = "admin@example.com";

export type AdminBootstrap = { email: string; password: string } | "generate" | undefined;

/**
 * Makes sure an admin exists. A configured account is created when missing and given the admin
 * role when it lacks it (its password is left alone). "generate" (development without
 * ADMIN_EMAIL) creates one random admin the first time and prints its credentials that once.
 */
export async function ensureAdmin(auth: Auth, db: Db, bootstrap: AdminBootstrap, logger: Logger): Promise<void> {
  if (bootstrap === undefined) return;
  if (bootstrap === "generate") {
    const [anyAdmin] = await db.select({ id: user.id }).from(user).where(like(user.role, `%${ADMIN_ROLE}%`)).limit(1);
    if (anyAdmin) return;
    const password = randomBytes(12).toString("base64url");
    await createAdmin(auth, GENERATED_ADMIN_EMAIL, password);
    // Printed once on purpose: this is the only way a new developer learns the password.
    process.stdout.write(
      `\n  Admin account created for development:\n    email:    ${GENERATED_ADMIN_EMAIL}\n    password: ${password}\n  Set ADMIN_EMAIL and ADMIN_PASSWORD to choose your own.\n\n`,
    );
    return;
  }
  const email = bootstrap.email.toLowerCase();
  const [existing] = await db.select({ id: user.id, role: user.role }).from(user).where(eq(user.email, email)).limit(1);
  if (!existing) {
    await createAdmin(auth, email, bootstrap.password);
    logger.log("info", "admin account created", { email });
  } else if (!hasAdminRole(existing)) {
    await db.update(user).set({ role: ADMIN_ROLE }).where(eq(user.id, existing.id));
    logger.log("info", "admin role granted", { email });
  }
}

async function createAdmin(auth: Auth, email: string, password: string): Promise<void> {
  await auth.api.createUser({ body: { email, password, name: "Administrator", role: ADMIN_ROLE } });
}
