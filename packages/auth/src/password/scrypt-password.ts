import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { availableParallelism } from "node:os";
import { HashSlots } from "./hash-slots.ts";

/**
 * Better Auth's password format and parameters, unchanged: `<salt hex>:<key hex>`, scrypt with
 * N=16384, r=16, p=1, a 64-byte key, the password NFKC-normalised and the salt used as its hex
 * text. Hashes made by either implementation verify with the other.
 */
const PARAMS = { N: 16384, r: 16, p: 1, maxmem: 128 * 16384 * 16 * 2 } as const;
const KEY_LENGTH = 64;

/**
 * Each derivation takes ~30 MiB and tens of milliseconds of a core on libuv's thread pool. Left
 * alone, a burst of sign-ins fills all four pool threads and takes every core from the event
 * loop, so every other request waits; one core is kept for the event loop.
 */
const slots = new HashSlots(Math.max(1, availableParallelism() - 1));

function deriveKey(password: string, salt: string): Promise<Buffer> {
  return slots.run(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scrypt(password.normalize("NFKC"), salt, KEY_LENGTH, PARAMS, (error, key) => (error ? reject(error) : resolve(key))),
      ),
  );
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
