import { randomBytes } from "node:crypto";
import { readTestEnv } from "@iam/env";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "./client.ts";
import type { Database } from "./client.ts";
import { createPostgresDatabase } from "./testing.ts";
import type { TestDatabase } from "./testing.ts";

const { TEST_DATABASE_URL } = readTestEnv();

/**
 * A PostgreSQL that answers a new connection with an error of its own (here "too many connections
 * for role", as a server near max_connections would) is reachable: the health probe must not mark
 * the database down, which would close the pool's working connections and answer 503 to everyone.
 */
describe.runIf(TEST_DATABASE_URL)("database health on PostgreSQL", () => {
  const role = `iam_probe_${randomBytes(4).toString("hex")}`;
  let admin: postgres.Sql;
  let testDatabase: TestDatabase;
  let database: Database;

  beforeAll(async () => {
    testDatabase = await createPostgresDatabase(TEST_DATABASE_URL ?? "");
    admin = postgres(TEST_DATABASE_URL ?? "", { max: 1, onnotice: () => {} });
    // One connection for this role: the pool takes it, the probe's own connection is refused (53300).
    await admin.unsafe(`create role ${role} login connection limit 1`);
    const url = new URL(testDatabase.target.kind === "postgres" ? testDatabase.target.url : "");
    url.username = role;
    database = createDatabase({ kind: "postgres", url: url.toString(), maxConnections: 1 });
  });
  afterAll(async () => {
    await database?.close();
    await testDatabase?.dispose();
    await admin?.unsafe(`drop role if exists ${role}`);
    await admin?.end();
  });

  it("stays available when the server refuses the probe's connection with an error of its own", async () => {
    const backend = async () => (await database.sql.query("select pg_backend_pid() as pid", [])).rows[0]?.pid;
    const before = await backend();
    database.reportTrouble();
    // The probe runs in the background: watch availability while it connects, is refused and decides.
    const seen = new Set<boolean>();
    for (let waited = 0; waited < 1_500; waited += 20) {
      seen.add(database.isAvailable());
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect([...seen]).toEqual([true]);
    // The pool's working connection was left alone.
    expect(await backend()).toBe(before);
  });
});
