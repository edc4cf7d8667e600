import { randomBytes } from "node:crypto";
import { readTestEnv } from "@iam/env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BrowserAgent, registerClient, signInAdmin, signUp, createPostgresDatabase, startTestServer, TEST_WEB_URL } from "@iam/testing";
import type { RegisteredClient, TestDatabase, TestServer } from "@iam/testing";
import { DEFAULT_RATE_LIMITS } from "../rate-limit/limits.ts";
import { createRedisStorage } from "../storage/redis-storage.ts";
import * as f from "../security/fixture.ts";

/** Two instances need a shared PostgreSQL and Redis; both come from the test environment. */
function sharedBackends(): { label: string; databaseUrl: string; redisUrl: string }[] {
  const { TEST_DATABASE_URL, TEST_REDIS_URL } = readTestEnv();
  return TEST_DATABASE_URL && TEST_REDIS_URL ? [{ label: "postgres+redis", databaseUrl: TEST_DATABASE_URL, redisUrl: TEST_REDIS_URL }] : [];
}

describe.each(sharedBackends())("two API instances on one $label", ({ databaseUrl, redisUrl }) => {
  let database: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  let client: RegisteredClient;

  beforeAll(async () => {
    database = await createPostgresDatabase(databaseUrl);
    const redisKeyPrefix = `iam-test-${randomBytes(4).toString("hex")}:`;
    const rateLimits = { ...DEFAULT_RATE_LIMITS, addressSignInFailures: { max: 3, windowSeconds: 300 } };
    const shared = { redisUrl, redisKeyPrefix, rateLimit: true, rateLimits, secret: randomBytes(32).toString("base64url") };
    // Both start at once: migrations and the first signing key are serialised by the advisory lock.
    a = await startTestServer(database.target, shared);
    b = await startTestServer(database.target, { ...shared, baseUrl: a.config.baseUrl });
    client = await registerClient(a, await signInAdmin(a), { skip_consent: true });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.dispose();
  });

  it("completes the code flow with login on one instance and the token exchange on the other", async () => {
    const person = await signUp(a, "two-instances@test.example", "two-instances-password-1");
    const issued = await f.obtainCode(a, person, client);
    const exchanged = await f.redeem(b, client, issued);
    expect(exchanged.status).toBe(200);
    const tokens = exchanged.json as unknown as f.TokenSet;

    const userinfo = await f.http(`${b.issuer}/oauth2/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(userinfo.status).toBe(200);
    expect(userinfo.json.email).toBe("two-instances@test.example");
    const refreshed = await f.refresh(a, client, tokens.refresh_token ?? "");
    expect(refreshed.status).toBe(200);
    expect((await f.introspect(b, client, refreshed.json.access_token as string)).active).toBe(true);
    // The code was redeemed on B: replaying it on A is refused.
    expect((await f.redeem(a, client, issued)).json.error).toBe("invalid_grant");
  });

  it("shares the session: a browser signed in on one instance is signed in on the other", async () => {
    const browser = await signUp(b, "shared-session@test.example", "shared-session-password-1");
    const onA = await browser.fetchJson(`${a.url}/api/auth/get-session`, "GET");
    expect(JSON.parse(onA.body)).toMatchObject({ user: { email: "shared-session@test.example" } });
  });

  it("shares rate limits: failed sign-ins alternating between instances hit one limit", async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const target = attempt % 2 === 0 ? a : b;
      const response = await new BrowserAgent(TEST_WEB_URL).fetchJson(`${target.url}/api/auth/sign-in/email`, "POST", {
        email: `nobody-${attempt}@test.example`,
        password: "wrong-password-1",
      });
      statuses.push(response.status);
    }
    // Three failed sign-ins per address here (counted in Redis): with one counter per instance
    // six alternating attempts would all be 401s; with the shared counter at most three are.
    expect(statuses[0]).toBe(401);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(3);
    expect(statuses.slice(-3)).toEqual([429, 429, 429]);
  });
});

describe("Redis secondary storage when Redis is down", () => {
  it("fails a command quickly instead of hanging the request", async () => {
    const redis = createRedisStorage("redis://127.0.0.1:1", "iam-unreachable:");
    const started = Date.now();
    await expect(Promise.resolve(redis.storage.get("anything"))).rejects.toBeInstanceOf(Error);
    expect(Date.now() - started).toBeLessThan(5_000);
    await redis.close();
  });
});
