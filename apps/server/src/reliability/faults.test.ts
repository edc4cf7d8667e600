import { oauthAccessToken } from "@iam/db/schema";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerClient, signInAdmin, signUp, testDatabaseKinds, startTestServer, startTestServerOn } from "@iam/testing";
import type { RegisteredClient, TestServer } from "@iam/testing";
import * as f from "../security/fixture.ts";
import { cutAndRestore, expectBoundedOutage, expectReadinessFollows, postgresBehindProxy, postgresOnly, sleep, tokenTraffic } from "./database-outage.ts";
import type { ProxiedPostgres } from "./database-outage.ts";
import { pollStatus, startSteadyLoad } from "./steady-load.ts";
import type { CutMode } from "./tcp-proxy.ts";

/** The request deadline under test (the default of REQUEST_DEADLINE_MS). */
const DEADLINE_MS = 5_000;
/** Relying parties give up a second after the deadline: an answer later than that is a failure. */
const CLIENT_TIMEOUT_MS = DEADLINE_MS + 1_000;
const REQUESTS_PER_SECOND = 30;
const CUT_MS = 5_000;
/** After the restore, new requests must succeed within this. */
const RECOVERY_MS = 2_000;

/** 503s the server counted in its metrics on the API's routes (readiness has its own). */
async function counted503s(server: TestServer): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return text
    .split("\n")
    .filter((line) => line.startsWith("iam_http_requests_total{") && line.includes('status="503"') && !line.includes('route="/readyz"'))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
}

describe.each(postgresOnly())("PostgreSQL cut for 5 s under 30 requests/s ($label)", ({ url }) => {
  let backend: ProxiedPostgres;
  let server: TestServer;
  let logLines: string[];
  let client: RegisteredClient;
  let person: Awaited<ReturnType<typeof signUp>>;
  let tokens: f.TokenSet;

  beforeAll(async () => {
    backend = await postgresBehindProxy(url, 4);
    logLines = [];
    const { createLogger } = await import("../http/logger.ts");
    server = await startTestServer(
      backend.target,
      { logLevel: "info", requestDeadlineMs: DEADLINE_MS },
      createLogger("info", (line) => logLines.push(line)),
    );
    person = await signUp(server, "outage@test.example", "outage-password-123");
    client = await registerClient(server, await signInAdmin(server), {
      skip_consent: true,
      grant_types: ["authorization_code", "refresh_token", "client_credentials"],
      client_credentials_scopes: ["api:read"],
    });
    tokens = await f.issueTokens(server, person, client);
  });
  afterAll(async () => {
    await server?.close();
    await backend?.dispose();
  });

  const tokenRows = async () =>
    (
      await server.database.db.select({ createdAt: oauthAccessToken.createdAt }).from(oauthAccessToken).where(eq(oauthAccessToken.clientId, client.client_id))
    ).map((row) => ({
      createdAt: row.createdAt ?? new Date(0),
    }));

  it.each<CutMode>(["refused", "black-hole"])(
    "%s: bounded 503s during the cut, readiness follows, full service within 2 s of the restore",
    { timeout: 60_000 },
    async (mode) => {
      const rowsBefore = (await tokenRows()).length;
      const countedBefore = await counted503s(server);
      const load = startSteadyLoad(tokenTraffic(server, client, tokens.access_token), REQUESTS_PER_SECOND, CLIENT_TIMEOUT_MS);
      const readiness = pollStatus(`${server.url}/readyz`, 100, CLIENT_TIMEOUT_MS);
      const timeline = await cutAndRestore(backend.proxy, mode, { beforeMs: 1_500, cutMs: CUT_MS, afterMs: RECOVERY_MS + 1_500 });
      const { cutAt, restoredAt } = timeline;
      const [samples, ready] = await Promise.all([load.stop(), readiness.stop()]);

      // Every request answered in time, only 200 or 503 temporarily_unavailable, none falsely 200,
      // everything 200 before the cut and from two seconds after the restore.
      const unavailable = expectBoundedOutage(samples, timeline, { deadlineMs: DEADLINE_MS, recoveryMs: RECOVERY_MS });
      // (Fewer than the schedule's 45 when the machine is busy: timers slip.)
      expect(samples.filter((sample) => sample.startedAt >= restoredAt + RECOVERY_MS).length).toBeGreaterThan(10);
      // Readiness: unready during the cut, ready again within two seconds of the restore.
      expectReadinessFollows(ready, timeline, RECOVERY_MS);
      // The metrics count the outage's 503s.
      expect((await counted503s(server)) - countedBefore).toBe(unavailable.length);
      // Tokens are written only while the database answers, and none is lost:
      // - nothing is written during the cut: every row since the cut was created in the second of
      //   the restore or later (a row's created_at is its `iat`, in whole seconds);
      // - every request answered 200 has its row;
      // - a row no one holds comes only from a request whose insert reached the database while its
      //   answer was not a 200: one in flight when the connection died at the cut, or one answered
      //   503 after the restore although its insert had been sent (its deadline passed just after, or
      //   a later query of it met a connection the outage handling was closing). A query already
      //   sent cannot be recalled; such a token expires with its lifetime.
      const issued = samples.filter((sample) => sample.label === "client_credentials" && sample.status === 200);
      const rows = await tokenRows();
      const sinceCut = rows.filter((row) => row.createdAt.getTime() >= Math.ceil(cutAt / 1000) * 1000);
      const restoreSecond = Math.floor(restoredAt / 1000) * 1000;
      expect(sinceCut.filter((row) => row.createdAt.getTime() < restoreSecond).map((row) => row.createdAt.toISOString())).toEqual([]);
      expect(sinceCut.length).toBeGreaterThanOrEqual(issued.filter((sample) => sample.endedAt >= restoredAt).length);
      const inFlightAtCut = samples.filter(
        (sample) => sample.label === "client_credentials" && sample.startedAt < cutAt && sample.endedAt >= cutAt && sample.status === 503,
      );
      const answered503AfterRestore = unavailable.filter((sample) => sample.label === "client_credentials" && sample.endedAt >= restoredAt);
      expect(rows.length - rowsBefore).toBeGreaterThanOrEqual(issued.length);
      expect(rows.length - rowsBefore - issued.length).toBeLessThanOrEqual(inFlightAtCut.length + answered503AfterRestore.length);
      for (const sample of issued.slice(-20)) expect((await f.introspect(server, client, String(sample.json.access_token))).active).toBe(true);
      expect(logLines.filter((line) => line.includes('"unhandled error"'))).toEqual([]);
      console.info(
        `${mode}: ${samples.length} requests, ${unavailable.length} answered 503, slowest ${Math.max(...samples.map((sample) => sample.endedAt - sample.startedAt))} ms, ` +
          `first 200 started after the restore at +${Math.min(...samples.filter((sample) => sample.startedAt >= restoredAt && sample.status === 200).map((sample) => sample.startedAt - restoredAt))} ms`,
      );
    },
  );

  it("keeps earlier grants and completes fresh flows after the outages", async () => {
    expect((await f.http(`${server.issuer}/oauth2/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } })).status).toBe(200);
    expect((await f.refresh(server, client, tokens.refresh_token ?? "")).status).toBe(200);
    expect((await f.issueTokens(server, person, client)).access_token).toEqual(expect.any(String));
  });
});

describe.each(testDatabaseKinds().slice(0, 1))("SIGTERM under load on $label", (kind) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServerOn(kind);
  });
  afterAll(async () => {
    await server?.close();
  });

  it("lets every in-flight request finish and resets none", async () => {
    const admin = await signInAdmin(server);
    const client = await registerClient(server, admin, { grant_types: ["client_credentials"], client_credentials_scopes: ["api:read"] });
    const auth = f.basic(client.client_id, client.client_secret);
    // A burst of slow-ish requests (secret hashing, token writes) in flight when the stop begins.
    const inFlight = Array.from({ length: 40 }, () =>
      f.postForm(f.tokenUrl(server), { grant_type: "client_credentials" }, auth).catch((error: unknown) => error),
    );
    await sleep(20);
    const closing = server.close();
    const results = await Promise.all(inFlight);
    await closing;
    const statuses = results.map((result) =>
      result instanceof Error ? `error:${result.message}:${String((result as { cause?: unknown }).cause)}` : (result as f.HttpResult).status,
    );
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    // Once closed, new connections are refused rather than half-served.
    await expect(fetch(`${server.url}/healthz`)).rejects.toBeInstanceOf(Error);
  });
});
