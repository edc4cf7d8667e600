import { oauthConsent } from "@iam/db/schema";
import { count } from "drizzle-orm";
import { readTestEnv } from "@iam/env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BrowserAgent, registerClient, signInAdmin, signUp, testDatabaseKinds, startTestServerOn, TEST_WEB_URL } from "@iam/testing";
import type { RegisteredClient, TestServer } from "@iam/testing";
import { createLogger } from "../http/logger.ts";
import * as f from "../security/fixture.ts";

/** 20 s by default so CI stays short; `SOAK_SECONDS=600 pnpm vitest run …/soak.test.ts` for a long soak. */
const SOAK_MS = readTestEnv().SOAK_SECONDS * 1000;
const WORKERS = 4;
const HEAP_GROWTH_BOUND_MB = 96;

const kind = testDatabaseKinds().at(-1)!;

describe(`soak: mixed traffic for ${SOAK_MS / 1000} s on ${kind.label}`, () => {
  let server: TestServer;
  const logLines: string[] = [];
  let client: RegisteredClient;
  let consenting: RegisteredClient;
  let people: BrowserAgent[] = [];

  beforeAll(async () => {
    server = await startTestServerOn(
      kind,
      { logLevel: "info" },
      createLogger("info", (line) => {
        // Keep only what the assertions need, so the log itself does not grow the heap.
        if (line.includes('"status":5') || line.includes('"unhandled error"')) logLines.push(line);
      }),
    );
    const admin = await signInAdmin(server);
    client = await registerClient(server, admin, {
      skip_consent: true,
      grant_types: ["authorization_code", "refresh_token", "client_credentials"],
      client_credentials_scopes: ["api:read"],
    });
    consenting = await registerClient(server, admin, {});
    people = await Promise.all(Array.from({ length: WORKERS }, (_, i) => signUp(server, `soak-${i}@test.example`, `soak-password-${i}-123`)));
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it("serves every request without a 5xx, loses no consent or token, and stays within its heap bound", { timeout: SOAK_MS + 60_000 }, async () => {
    const statuses = new Map<number, number>();
    const kept: { token: string; client: RegisteredClient }[] = [];
    const consented = new Set<string>();
    const note = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
    const auth = f.basic(client.client_id, client.client_secret);

    const worker = async (index: number, until: number) => {
      const person = people[index]!;
      for (let round = 0; Date.now() < until; round++) {
        const target = round % 5 === 0 ? consenting : client;
        const issued = await f.obtainCode(server, person, target);
        const exchanged = await f.redeem(server, target, issued);
        note(exchanged.status);
        const tokens = exchanged.json as unknown as f.TokenSet;
        // The plugin records a consent for skip-consent clients too: one row per person and client.
        consented.add(`${index}:${target.client_id}`);
        const refreshed = await f.refresh(server, target, tokens.refresh_token ?? "");
        note(refreshed.status);
        note((await f.http(`${server.issuer}/oauth2/userinfo`, { headers: { authorization: `Bearer ${refreshed.json.access_token}` } })).status);
        note((await f.postForm(f.tokenUrl(server), { grant_type: "client_credentials" }, auth)).status);
        note((await f.http(`${server.issuer}/.well-known/openid-configuration`)).status);
        note(
          (
            await new BrowserAgent(TEST_WEB_URL).fetchJson(`${server.url}/api/auth/sign-in/email`, "POST", {
              email: `soak-${index}@test.example`,
              password: "wrong",
            })
          ).status,
        );
        if (round % 2 === 0) {
          note(
            (
              await f.postForm(
                `${server.issuer}/oauth2/revoke`,
                { token: String(refreshed.json.refresh_token) },
                f.basic(target.client_id, target.client_secret),
              )
            ).status,
          );
        } else {
          kept.push({ token: String(refreshed.json.access_token), client: target });
        }
      }
    };

    // Warm up, then measure the heap from a settled baseline.
    await worker(0, Date.now() + 1_000);
    const heapBefore = process.memoryUsage().heapUsed;
    const started = Date.now();
    await Promise.all(Array.from({ length: WORKERS }, (_, index) => worker(index, started + SOAK_MS)));
    const heapAfter = process.memoryUsage().heapUsed;

    const total = [...statuses.values()].reduce((sum, n) => sum + n, 0);
    const growthMb = (heapAfter - heapBefore) / 1024 / 1024;
    console.info(
      `soak: ${total} requests in ${SOAK_MS / 1000} s with ${WORKERS} workers, statuses ${JSON.stringify(Object.fromEntries(statuses))}, heap growth ${growthMb.toFixed(1)} MB (bound ${HEAP_GROWTH_BOUND_MB} MB)`,
    );

    expect([...statuses.keys()].filter((status) => status >= 500)).toEqual([]);
    expect(logLines).toEqual([]);
    expect(total).toBeGreaterThan(50);
    expect(growthMb).toBeLessThan(HEAP_GROWTH_BOUND_MB);
    // Nothing lost: every kept access token is still active, every consent given is still there.
    for (const { token, client: owner } of kept.slice(-40)) expect((await f.introspect(server, owner, token)).active).toBe(true);
    const [consents] = await server.database.db.select({ n: count() }).from(oauthConsent);
    expect(consents?.n).toBe(consented.size);
  });
});
