import { randomBytes, timingSafeEqual } from "node:crypto";
import { availableParallelism } from "node:os";
import { HashThreads } from "./hash-threads.ts";

/**
 * Better Auth's password format and parameters, unchanged: `<salt hex>:<key hex>`, scrypt with
 * N=16384, r=16, p=1, a 64-byte key, the password NFKC-normalised and the salt used as its hex
 * text. Hashes made by either implementation verify with the other.
 */
const PARAMS = { N: 16384, r: 16, p: 1, maxmem: 128 * 16384 * 16 * 2 };
const KEY_LENGTH = 64;

/**
 * Each derivation takes ~30 MiB and tens of milliseconds of a core. Left alone, a burst of
 * sign-ins would take every core from the event loop; one core is kept for it, and the hashing
 * threads run at the lowest priority (hash-threads.ts).
 */
const threads = new HashThreads(Math.max(1, availableParallelism() - 1));

function deriveKey(password: string, salt: string): Promise<Buffer> {
  return threads.derive({ password: password.normalize("NFKC"), salt, keyLength: KEY_LENGTH, params: PARAMS });
}

/** The scheduling priority (nice value) derivations run at; null where threads have none. */
export function hashingPriority(): Promise<number | null> {
  return threads.priority();
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16).toString("hex");
  const key = await deriveKey(password, salt);
  return `${salt}:${key.toString("hex")}`;
}

/** False for a wrong password and for a malformed stored hash (never an exception to the caller). */
export async function verifyPassword({ hash, password }: { hash: string; password: string }): Promise<boolean> {
  const [salt, keyHex, extra] = hash.split(":");
  if (!salt || !keyHex || extra !== undefined || !/^[0-9a-f]+$/i.test(keyHex)) return false;
  const expected = Buffer.from(keyHex, "hex");
  if (expected.length !== KEY_LENGTH) return false;
  const actual = await deriveKey(password, salt);
  return timingSafeEqual(actual, expected);
}
