import { randomBytes } from "node:crypto";
import { ADMIN_ROLE, AUDIT_ACTIONS } from "@iam/auth";
import { oauthAccessToken, oauthRefreshToken, user } from "@iam/db/schema";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { CliError } from "../cli-error.ts";
import type { CliContext } from "../context.ts";
import { print } from "../io.ts";
import type { Output } from "../io.ts";

const email = z.email().transform((value) => value.toLowerCase());
/** Better Auth's defaults for email-and-password accounts. */
const password = z.string().min(8, "at least 8 characters").max(128, "at most 128 characters");

export interface PasswordSource {
  /** Read the password from standard input: a password on the command line ends up in `ps` and shell history. */
  "password-stdin"?: boolean;
}

export async function createAdminUser(
  { auth, database, audit }: CliContext,
  options: PasswordSource & { email?: string; name?: string },
  output: Output,
): Promise<void> {
  const address = parse(email, options.email, "--email");
  const [existing] = await database.db.select({ id: user.id }).from(user).where(eq(user.email, address)).limit(1);
  if (existing) throw new CliError("conflict", `A user ${address} already exists (use reset-password, or the console to change roles).`);
  const { value: secret, generated } = await choosePassword(options, output);
  const created = await auth.api.createUser({
    // An operator-made admin: the address counts as verified (see boot/ensure-admin.ts).
    body: { email: address, password: secret, name: options.name ?? "Administrator", role: ADMIN_ROLE, data: { emailVerified: true } },
  });
  await audit({ action: AUDIT_ACTIONS.userCreated, targetType: "user", targetId: created.user.id, details: { role: ADMIN_ROLE } });
  print(
    output,
    { id: created.user.id, email: address, role: ADMIN_ROLE, ...(generated ? { password: secret } : {}) },
    `Created admin ${address}${generated ? `\n  password: ${secret}\n  (shown only now)` : "."}`,
  );
}

/**
 * Sets a new password and ends everything the old one opened: sessions, and the user's OAuth
 * access and refresh tokens (deleting sessions alone leaves refresh tokens working).
 */
export async function resetPassword({ auth, database, audit }: CliContext, options: PasswordSource & { email?: string }, output: Output): Promise<void> {
  const address = parse(email, options.email, "--email");
  const [found] = await database.db.select({ id: user.id }).from(user).where(eq(user.email, address)).limit(1);
  if (!found) throw new CliError("not_found", `No user ${address}.`);
  const { value: secret, generated } = await choosePassword(options, output);
  const context = await auth.$context;
  const hash = await context.password.hash(secret);
  await context.internalAdapter.updatePassword(found.id, hash);
  await context.internalAdapter.deleteUserSessions(found.id);
  await database.db.delete(oauthRefreshToken).where(eq(oauthRefreshToken.userId, found.id));
  await database.db.delete(oauthAccessToken).where(eq(oauthAccessToken.userId, found.id));
  await audit({ action: AUDIT_ACTIONS.userPasswordReset, targetType: "user", targetId: found.id, details: { sessions_revoked: true } });
  print(
    output,
    { id: found.id, email: address, sessions_revoked: true, ...(generated ? { password: secret } : {}) },
    `Password reset for ${address}; sessions and OAuth tokens revoked.${generated ? `\n  password: ${secret}\n  (shown only now)` : ""}`,
  );
}

async function choosePassword(options: PasswordSource, output: Output): Promise<{ value: string; generated: boolean }> {
  if (!options["password-stdin"]) return { value: randomBytes(15).toString("base64url"), generated: true };
  const text = (await output.io.readStdin()).replace(/\r?\n$/, "");
  return { value: parse(password, text, "password"), generated: false };
}

function parse<T>(schema: z.ZodType<T>, value: unknown, label: string): T {
  if (value === undefined) throw new CliError("usage", `${label} is required.`);
  const result = schema.safeParse(value);
  if (!result.success) throw new CliError("invalid_input", `${label}: ${result.error.issues.map((issue) => issue.message).join("; ")}`);
  return result.data;
}
