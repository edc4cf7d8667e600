import { randomBytes } from "node:crypto";
import { readTestEnv } from "@iam/env";
import postgres from "postgres";
import type { DatabaseTarget } from "./client.ts";

/** Test support (`@iam/db/testing`): fresh databases of each kind the suite runs on. */
export interface TestDatabase {
  target: DatabaseTarget;
  dispose(): Promise<void>;
}

export interface TestDatabaseKind {
  label: "pglite" | "postgres";
  create(): Promise<TestDatabase>;
}

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set. Each create() is a fresh, empty database. */
export function testDatabaseKinds(): TestDatabaseKind[] {
  const kinds: TestDatabaseKind[] = [{ label: "pglite", create: createPgliteDatabase }];
  const { TEST_DATABASE_URL } = readTestEnv();
  if (TEST_DATABASE_URL) kinds.push({ label: "postgres", create: () => createPostgresDatabase(TEST_DATABASE_URL) });
  return kinds;
}

async function createPgliteDatabase(): Promise<TestDatabase> {
  return { target: { kind: "pglite", dataDir: "memory://" }, dispose: async () => {} };
}

export async function createPostgresDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `iam_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    target: { kind: "postgres", url: url.toString() },
    async dispose() {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}
