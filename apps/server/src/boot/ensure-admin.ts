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
 * Makes sure an admin exists. A configured account is created when missing; an existing account
 * with that email is never promoted: whoever registered the address (after the bootstrap admin
 * was deleted, or before ADMIN_EMAIL pointed at it) would become an administrator at the next
 * restart. Promotion is an admin's decision, made in the console and audited. "generate"
 * (development without ADMIN_EMAIL) creates one random admin the first time and prints its
 * credentials that once.
 */
export async function ensureAdmin(auth: Auth, db: Db, bootstrap: AdminBootstrap, logger: Logger): Promise<void> {
  if (bootstrap === undefined) return;
  if (bootstrap === "generate") {
    const [anyAdmin] = await db
      .select({ id: user.id })
      .from(user)
      .where(like(user.role, `%${ADMIN_ROLE}%`))
      .limit(1);
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
    logger.log("warn", "ADMIN_EMAIL belongs to an existing account without the admin role; it was not promoted", {
      email,
      userId: existing.id,
      hint: "an admin can grant the role in the console (Users), or set ADMIN_EMAIL to an address nobody has registered",
    });
  }
}

async function createAdmin(auth: Auth, email: string, password: string): Promise<void> {
  // The operator chose this address: it counts as verified, or a server requiring verification would lock its first admin out.
  await auth.api.createUser({ body: { email, password, name: "Administrator", role: ADMIN_ROLE, data: { emailVerified: true } } });
}
