import { randomBytes } from "node:crypto";
import { readTestEnv } from "@iam/env";
import { createDatabase, migrateDatabase } from "@iam/db";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pruneExpired } from "../maintenance/prune.ts";
import { testDatabaseKinds } from "@iam/testing";
import { counterKey } from "./counter-store.ts";
import type { CounterStore } from "./counter-store.ts";
import { PostgresCounterStore } from "./postgres-counter-store.ts";
import { RedisCounterStore } from "./redis-counter-store.ts";

interface Backend {
  label: string;
  open(): Promise<{ store: CounterStore; close(): Promise<void>; prune?: (now: Date) => Promise<number> }>;
}

function backends(): Backend[] {
  const list: Backend[] = testDatabaseKinds().map((kind) => ({
    label: kind.label,
    async open() {
      const testDatabase = await kind.create();
      const database = createDatabase(testDatabase.target);
      await migrateDatabase(database);
      return {
        store: new PostgresCounterStore(database.db),
        prune: async (now: Date) => (await pruneExpired(database.db, now)).throttle_counter ?? 0,
        async close() {
          await database.close();
          await testDatabase.dispose();
        },
      };
    },
  }));
  const { TEST_REDIS_URL } = readTestEnv();
  if (TEST_REDIS_URL) {
    list.push({
      label: "redis",
      async open() {
        const client = new Redis(TEST_REDIS_URL);
        return {
          store: new RedisCounterStore((run) => run(client), `iam-test-${randomBytes(4).toString("hex")}:`),
          close: async () => void (await client.quit()),
        };
      },
    });
  }
  return list;
}

const FIVE_PER_MINUTE = { max: 5, windowSeconds: 60 };

describe.each(backends())("throttle counters on $label", (backend) => {
  let opened: Awaited<ReturnType<Backend["open"]>>;
  beforeAll(async () => {
    opened = await backend.open();
  });
  afterAll(async () => opened?.close());
  const fresh = () => counterKey("test", randomBytes(8).toString("hex"));

  it("reserves atomically: of 12 concurrent attempts on a limit of 5, exactly 5 get through", async () => {
    const key = fresh();
    const decisions = await Promise.all(Array.from({ length: 12 }, () => opened.store.reserve(key, FIVE_PER_MINUTE)));
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(5);
    const refused = decisions.find((decision) => !decision.allowed);
    expect(refused && !refused.allowed && refused.retryAfterSeconds).toBeGreaterThan(0);
    expect((await opened.store.check(key, FIVE_PER_MINUTE)).allowed).toBe(false);
  });

  it("gives a slot back on release and forgets the key on reset", async () => {
    const key = fresh();
    for (let n = 0; n < 5; n++) await opened.store.reserve(key, FIVE_PER_MINUTE);
    await opened.store.release(key);
    expect((await opened.store.reserve(key, FIVE_PER_MINUTE)).allowed).toBe(true);
    expect((await opened.store.reserve(key, FIVE_PER_MINUTE)).allowed).toBe(false);
    await opened.store.reset(key);
    expect((await opened.store.check(key, FIVE_PER_MINUTE)).allowed).toBe(true);
  });

  it("records failures past the limit and reports the window as full", async () => {
    const key = fresh();
    for (let n = 0; n < 7; n++) await opened.store.record(key, FIVE_PER_MINUTE);
    const decision = await opened.store.check(key, FIVE_PER_MINUTE);
    expect(decision.allowed).toBe(false);
  });

  it("keeps a live window through pruning and drops it once it has ended", async () => {
    if (!opened.prune) return;
    const key = fresh();
    const now = Date.now();
    for (let n = 0; n < 5; n++) await opened.store.reserve(key, FIVE_PER_MINUTE, now);
    await opened.prune(new Date(now + 30_000));
    expect((await opened.store.check(key, FIVE_PER_MINUTE, now + 30_000)).allowed).toBe(false);
    // Every other test's window has ended by then too; this one's row goes with them.
    expect(await opened.prune(new Date(now + 120_000))).toBeGreaterThanOrEqual(1);
    expect(await opened.prune(new Date(now + 120_000))).toBe(0);
  });
});
