import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RATE_LIMITS } from "../rate-limit/limits.ts";
import { startTestServer, TEST_WEB_URL } from "@iam/testing";
import type { TestServer } from "@iam/testing";

async function failedSignIn(server: TestServer, forwardedFor: string): Promise<Response> {
  return fetch(`${server.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: TEST_WEB_URL, "x-forwarded-for": forwardedFor, "x-iam-client-ip": forwardedFor },
    // A different account each time: what is limited here is the address.
    body: JSON.stringify({ email: `nobody-${forwardedFor}@test.example`, password: "wrong-password-1" }),
  });
}

describe("rate limiting by client address", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(
      { kind: "pglite", dataDir: "memory://" },
      {
        rateLimit: true,
        rateLimits: { ...DEFAULT_RATE_LIMITS, addressSignInFailures: { max: 3, windowSeconds: 300 } },
      },
    );
  });
  afterAll(async () => server?.close());

  it("cannot be escaped by spoofing X-Forwarded-For without a trusted proxy", async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      statuses.push((await failedSignIn(server, `203.0.113.${attempt}`)).status);
    }
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
  });

  it("answers 429 with a retry hint", async () => {
    const response = await failedSignIn(server, "198.51.100.7");
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
