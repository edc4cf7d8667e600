import { readTestEnv } from "@iam/env";
import type { DatabaseTarget } from "@iam/db";
import { createPostgresDatabase } from "@iam/testing";
import type { RegisteredClient, TestDatabase, TestServer } from "@iam/testing";
import { expect } from "vitest";
import * as f from "../security/fixture.ts";
import type { Operation, Sample } from "./steady-load.ts";
import { startTcpProxy } from "./tcp-proxy.ts";
import type { CutMode, TcpProxy } from "./tcp-proxy.ts";

/**
 * What the database-outage tests share: a PostgreSQL reached through a TCP proxy that can cut it,
 * the load they put on the servers, the cut's timeline and the promises checked on every answer.
 */

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The outage tests cut a network connection: PostgreSQL only (PGlite lives in the process). */
export function postgresOnly(): { label: string; url: string }[] {
  const { TEST_DATABASE_URL } = readTestEnv();
  return TEST_DATABASE_URL ? [{ label: "postgres", url: TEST_DATABASE_URL }] : [];
}

export interface ProxiedPostgres {
  database: TestDatabase;
  proxy: TcpProxy;
  /** The database as the servers reach it: through the proxy. */
  target: DatabaseTarget;
  dispose(): Promise<void>;
}

/** A fresh test database behind a TCP proxy; every server started on `target` goes through it. */
export async function postgresBehindProxy(url: string, maxConnections: number): Promise<ProxiedPostgres> {
  const database = await createPostgresDatabase(url);
  const direct = new URL(database.target.kind === "postgres" ? database.target.url : "");
  const proxy = await startTcpProxy(direct.hostname, Number(direct.port || 5432));
  direct.hostname = "127.0.0.1";
  direct.port = String(proxy.port);
  return {
    database,
    proxy,
    target: { kind: "postgres", url: direct.toString(), maxConnections },
    async dispose() {
      await proxy.close();
      await database.dispose();
    },
  };
}

/** Introspection and client_credentials on one server, as a resource server and a backend call them. */
export function tokenTraffic(server: TestServer, client: RegisteredClient, accessToken: string, labelPrefix = ""): Operation[] {
  const form = (fields: Record<string, string>) => ({
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: f.basic(client.client_id, client.client_secret) },
    body: new URLSearchParams(fields).toString(),
  });
  return [
    { label: `${labelPrefix}introspect`, request: () => ({ url: `${server.issuer}/oauth2/introspect`, init: form({ token: accessToken }) }) },
    {
      label: `${labelPrefix}client_credentials`,
      request: () => ({ url: f.tokenUrl(server), init: form({ grant_type: "client_credentials", scope: "api:read" }) }),
    },
  ];
}

export interface Timeline {
  cutAt: number;
  restoredAt: number;
}

/** Lets the load run `beforeMs`, cuts the database for `cutMs`, restores it and lets the load run `afterMs`. */
export async function cutAndRestore(
  proxy: TcpProxy,
  mode: CutMode,
  { beforeMs, cutMs, afterMs }: { beforeMs: number; cutMs: number; afterMs: number },
): Promise<Timeline> {
  await sleep(beforeMs);
  const cutAt = Date.now();
  proxy.cut(mode);
  await sleep(cutMs);
  const restoredAt = Date.now();
  proxy.restore();
  await sleep(afterMs);
  return { cutAt, restoredAt };
}

export function explainer({ cutAt }: Timeline): (sample: Sample) => string {
  return (sample) =>
    `${sample.label} at ${sample.startedAt - cutAt} ms after the cut: ${sample.status} ${String(sample.json.error ?? "")} in ${sample.endedAt - sample.startedAt} ms`;
}

/**
 * The promises of a database outage, checked on one stream of answers (one server's, or several
 * servers' together): every request answered within the deadline plus a second, only 200 or a
 * 503 temporarily_unavailable with Retry-After, all well before the cut and from `recoveryMs`
 * after the restore. Returns the 503s.
 */
export function expectBoundedOutage(samples: Sample[], timeline: Timeline, { deadlineMs, recoveryMs }: { deadlineMs: number; recoveryMs: number }): Sample[] {
  const explain = explainer(timeline);
  expect(samples.filter((sample) => sample.status === 0).map(explain)).toEqual([]);
  expect(samples.filter((sample) => sample.endedAt - sample.startedAt > deadlineMs + 1_000).map(explain)).toEqual([]);
  expect(samples.filter((sample) => sample.status !== 200 && sample.status !== 503).map(explain)).toEqual([]);
  const unavailable = samples.filter((sample) => sample.status === 503);
  expect(unavailable.length).toBeGreaterThan(0);
  expect(unavailable.filter((sample) => sample.json.error !== "temporarily_unavailable" || !sample.retryAfter).map(explain)).toEqual([]);
  // Nothing answers 200 falsely: an introspection that says 200 found the token.
  expect(samples.filter((sample) => sample.label.endsWith("introspect") && sample.status === 200 && sample.json.active !== true).map(explain)).toEqual([]);
  expect(samples.filter((sample) => sample.endedAt < timeline.cutAt && sample.status !== 200).map(explain)).toEqual([]);
  expect(samples.filter((sample) => sample.startedAt >= timeline.restoredAt + recoveryMs && sample.status !== 200).map(explain)).toEqual([]);
  return unavailable;
}

/** Readiness polls: unready at some point during the cut, ready from `recoveryMs` after the restore, always answered. */
export function expectReadinessFollows(ready: Sample[], timeline: Timeline, recoveryMs: number): void {
  const explain = explainer(timeline);
  expect(ready.some((sample) => sample.startedAt > timeline.cutAt && sample.endedAt < timeline.restoredAt && sample.status === 503)).toBe(true);
  expect(ready.filter((sample) => sample.startedAt >= timeline.restoredAt + recoveryMs && sample.status !== 200).map(explain)).toEqual([]);
  expect(ready.filter((sample) => sample.status === 0).map(explain)).toEqual([]);
}
