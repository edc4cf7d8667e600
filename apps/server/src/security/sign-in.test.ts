import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, testDatabaseKinds } from "@iam/testing";
import * as f from "./fixture.ts";

function signIn(server: f.SecurityFixture["server"], email: string, password: string, forwardedFor?: string): Promise<f.HttpResult> {
  return f.http(`${server.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: f.TEST_WEB_URL, ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) },
    body: JSON.stringify({ email, password }),
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

describe.each(testDatabaseKinds())("sign-in attacks on $label", (kind) => {
  let fx: f.SecurityFixture;

  beforeAll(async () => {
    fx = await f.startSecurityFixture(kind);
  });
  afterAll(() => f.closeExpectingNoServerErrors(fx));

  it("answers a wrong password and an unknown email identically, in status, body and timing", async () => {
    let wrongBody = "";
    let unknownBody = "";
    const sample = async (attempt: number): Promise<number> => {
      const wrong: number[] = [];
      const unknown: number[] = [];
      for (let round = 0; round < 6; round++) {
        let started = performance.now();
        const a = await signIn(fx.server, fx.userEmail, "wrong-password-1");
        wrong.push(performance.now() - started);
        started = performance.now();
        const b = await signIn(fx.server, `nobody-${attempt}-${round}@test.example`, "wrong-password-1");
        unknown.push(performance.now() - started);
        expect([a.status, b.status]).toEqual([401, 401]);
        wrongBody = JSON.stringify({ ...a.json, request_id: undefined });
        unknownBody = JSON.stringify({ ...b.json, request_id: undefined });
        expect(wrongBody).toBe(unknownBody);
      }
      return median(wrong) / median(unknown);
    };
    // Both hash the password (scrypt): the medians stay within 40% of each other. A systematic
    // difference (what an attacker measures) shows in every sample; a burst of CPU from suites
    // running beside this one shows in one, so up to three samples are taken.
    const withinBounds = (value: number) => value > 0.6 && value < 1 / 0.6;
    let ratio = await sample(0);
    for (let attempt = 1; attempt < 3 && !withinBounds(ratio); attempt++) ratio = await sample(attempt);
    expect(ratio).toBeGreaterThan(0.6);
    expect(ratio).toBeLessThan(1 / 0.6);
  });

  it("normalises email case so variants cannot make two accounts, and signs in with any case", async () => {
    await signUp(fx.server, "Case.Person@Test.Example", "case-password-123");
    const duplicate = await f.withoutPersisting(fx.server, () =>
      f.http(`${fx.server.url}/api/auth/sign-up/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: f.TEST_WEB_URL },
        body: JSON.stringify({ email: "case.person@test.example", password: "other-password-123", name: "Dup" }),
      }),
    );
    expect(duplicate.status).toBe(422);
    expect((await signIn(fx.server, "CASE.PERSON@TEST.EXAMPLE", "case-password-123")).status).toBe(200);
  });

  it("refuses a session for a wrong password and persists nothing", async () => {
    const response = await f.withoutPersisting(fx.server, () => signIn(fx.server, fx.userEmail, "nope-nope-nope"));
    expect(response.status).toBe(401);
    expect(response.headers.get("set-cookie") ?? "").not.toMatch(/session_token=[^;]/);
  });

  it("sets the session cookie HttpOnly and SameSite=Lax", async () => {
    const response = await signIn(fx.server, fx.userEmail, fx.userPassword);
    const cookie = (response.headers.getSetCookie().find((line) => line.includes("session_token=")) ?? "").toLowerCase();
    expect(cookie).toContain("httponly");
    expect(cookie).toContain("samesite=lax");
  });
});

// Rate limits (per account, per address, at OAuth endpoints): rate-limits.test.ts.
