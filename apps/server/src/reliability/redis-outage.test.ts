import { randomBytes } from "node:crypto";
import { readTestEnv } from "@iam/env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerClient, signInAdmin, testDatabaseKinds, startTestServerOn } from "@iam/testing";
import type { RegisteredClient, TestServer } from "@iam/testing";
import * as f from "../security/fixture.ts";
import { pollStatus, startSteadyLoad } from "./steady-load.ts";
import type { Sample } from "./steady-load.ts";
import { startTcpProxy } from "./tcp-proxy.ts";
import type { CutMode, TcpProxy } from "./tcp-proxy.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const DEADLINE_MS = 5_000;
const CUT_MS = 3_000;
const RECOVERY_MS = 2_000;

const { TEST_REDIS_URL } = readTestEnv();

// Rate-limit counters live in Redis: with the limiter on, every token request needs it.
// Runs when TEST_REDIS_URL is set (skipped otherwise, so the file is never empty).
describe.runIf(TEST_REDIS_URL)("Redis cut under load", () => {
  const url = new URL(TEST_REDIS_URL ?? "redis://127.0.0.1:6379");
  let proxy: TcpProxy;
  let server: TestServer;
  let client: RegisteredClient;

  beforeAll(async () => {
    proxy = await startTcpProxy(url.hostname, Number(url.port || 6379));
    const throughProxy = new URL(url);
    throughProxy.hostname = "127.0.0.1";
    throughProxy.port = String(proxy.port);
    server = await startTestServerOn(testDatabaseKinds()[0]!, {
      redisUrl: throughProxy.toString(),
      redisKeyPrefix: `iam-test-${randomBytes(4).toString("hex")}:`,
      rateLimit: true,
      requestDeadlineMs: DEADLINE_MS,
      // Each run comes from an address of its own (X-Forwarded-For), with a fresh rate-limit bucket.
      trustedProxies: ["127.0.0.1", "::1"],
    });
    client = await registerClient(server, await signInAdmin(server), { grant_types: ["client_credentials"], client_credentials_scopes: ["api:read"] });
  });
  afterAll(async () => {
    await server?.close();
    await proxy?.close();
  });

  it.each<CutMode>(["refused", "black-hole"])(
    "%s: fast 503s while Redis is away, readiness follows, 200s within 2 s of its return",
    { timeout: 30_000 },
    async (mode) => {
      const auth = f.basic(client.client_id, client.client_secret);
      const address = mode === "refused" ? "203.0.113.1" : "203.0.113.2";
      const load = startSteadyLoad(
        [
          {
            label: "client_credentials",
            request: () => ({
              url: f.tokenUrl(server),
              init: {
                method: "POST",
                headers: { "content-type": "application/x-www-form-urlencoded", authorization: auth, "x-forwarded-for": address },
                body: "grant_type=client_credentials&scope=api%3Aread",
              },
            }),
          },
        ],
        // Under the token endpoint's per-address limit, so every refusal here is the outage's.
        3,
        DEADLINE_MS + 1_000,
      );
      const readiness = pollStatus(`${server.url}/readyz`, 100, DEADLINE_MS + 1_000);
      await sleep(1_000);
      const cutAt = Date.now();
      proxy.cut(mode);
      await sleep(CUT_MS);
      const restoredAt = Date.now();
      proxy.restore();
      await sleep(RECOVERY_MS + 1_500);
      const [samples, ready] = await Promise.all([load.stop(), readiness.stop()]);

      const explain = (sample: Sample) =>
        `${sample.label} at ${sample.startedAt - cutAt} ms after the cut: ${sample.status} ${String(sample.json.error ?? "")} in ${sample.endedAt - sample.startedAt} ms`;
      expect(samples.filter((sample) => sample.status !== 200 && sample.status !== 503).map(explain)).toEqual([]);
      expect(samples.filter((sample) => sample.endedAt - sample.startedAt > DEADLINE_MS + 1_000).map(explain)).toEqual([]);
      const unavailable = samples.filter((sample) => sample.status === 503);
      expect(unavailable.length).toBeGreaterThan(0);
      expect(unavailable.filter((sample) => sample.json.error !== "temporarily_unavailable" || !sample.retryAfter).map(explain)).toEqual([]);
      expect(samples.filter((sample) => sample.endedAt < cutAt && sample.status !== 200).map(explain)).toEqual([]);
      const afterRecovery = samples.filter((sample) => sample.startedAt >= restoredAt + RECOVERY_MS);
      expect(afterRecovery.length).toBeGreaterThan(2);
      expect(afterRecovery.filter((sample) => sample.status !== 200).map(explain)).toEqual([]);
      expect(ready.some((sample) => sample.startedAt > cutAt && sample.endedAt < restoredAt && sample.status === 503)).toBe(true);
      expect(ready.filter((sample) => sample.startedAt >= restoredAt + RECOVERY_MS && sample.status !== 200).map(explain)).toEqual([]);
    },
  );
});
