import { hashPassword as stockHash, verifyPassword as stockVerify } from "better-auth/crypto";
import { describe, expect, it } from "vitest";
import { HashSlots } from "./hash-slots.ts";
import { HASH_THREAD_NICE } from "./hash-threads.ts";
import { hashingPriority, hashPassword, verifyPassword } from "./scrypt-password.ts";

describe("native scrypt passwords, Better Auth's format", () => {
  it("verifies hashes made by Better Auth's own hashPassword", async () => {
    const stored = await stockHash("correct horse battery");
    expect(await verifyPassword({ hash: stored, password: "correct horse battery" })).toBe(true);
    expect(await verifyPassword({ hash: stored, password: "correct horse batterY" })).toBe(false);
  });

  it("makes hashes that Better Auth's own verifyPassword accepts", async () => {
    const stored = await hashPassword("pässwörd-123");
    expect(stored).toMatch(/^[0-9a-f]{32}:[0-9a-f]{128}$/);
    expect(await stockVerify({ hash: stored, password: "pässwörd-123" })).toBe(true);
    expect(await stockVerify({ hash: stored, password: "passwörd-123" })).toBe(false);
  });

  it("normalises like Better Auth (NFKC), so composed and decomposed forms match", async () => {
    const composed = "caf\u00e9-secret";
    const decomposed = "cafe\u0301-secret";
    const ours = await hashPassword(composed);
    expect(await stockVerify({ hash: ours, password: decomposed })).toBe(true);
    expect(await verifyPassword({ hash: await stockHash(decomposed), password: composed })).toBe(true);
  });

  it("answers false, not an exception, for malformed stored hashes", async () => {
    for (const hash of ["", "nocolon", "abcd:", ":abcd", "aa:zz", "aa:bb:cc", `${"a".repeat(32)}:${"b".repeat(10)}`]) {
      expect(await verifyPassword({ hash, password: "whatever" })).toBe(false);
    }
  });
});

describe("HashSlots", () => {
  it("runs at most `size` tasks at once and all of them eventually", async () => {
    const slots = new HashSlots(2);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 7 }, (_, index) =>
        slots.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running--;
          return index;
        }),
      ),
    );
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(peak).toBe(2);
    expect(slots.inUse).toBe(0);
  });

  it("frees the slot when a task fails", async () => {
    const slots = new HashSlots(1);
    await expect(slots.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await slots.run(async () => "next")).toBe("next");
    expect(slots.inUse).toBe(0);
  });
});

describe("hashing threads", () => {
  it("derive at the lowest priority on Linux, so a burst of sign-ins yields the CPU to other requests", async () => {
    const priority = await hashingPriority();
    if (process.platform === "linux") expect(priority).toBe(HASH_THREAD_NICE);
    else expect(priority).toBeNull();
  });

  it("derive many keys at once, each right, on a bounded number of threads", async () => {
    const passwords = Array.from({ length: 6 }, (_, index) => `password-${index}`);
    const hashes = await Promise.all(passwords.map((password) => hashPassword(password)));
    const checks = await Promise.all(hashes.map((hash, index) => verifyPassword({ hash, password: passwords[(index + 1) % passwords.length]! })));
    expect(checks).toEqual(passwords.map(() => false));
    expect(await Promise.all(hashes.map((hash, index) => stockVerify({ hash, password: passwords[index]! })))).toEqual(passwords.map(() => true));
  });
});
