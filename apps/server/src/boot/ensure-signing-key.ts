import type { Auth } from "@iam/auth";

/**
 * The jwt plugin mints its first key lazily; two concurrent first requests (or two instances)
 * could mint two. Asking for the key set at boot, under the migration lock, mints exactly one.
 */
export async function ensureSigningKey(auth: Auth): Promise<void> {
  await auth.api.getJwks();
}
