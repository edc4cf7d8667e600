import { readTestEnv } from "@iam/env";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerClient, signInAdmin, signUp } from "../testing/relying-party.ts";
import type { RegisteredClient } from "../testing/relying-party.ts";
import { createPostgresDatabase, testDatabaseKinds } from "../testing/test-database.ts";
import type { TestDatabase } from "../testing/test-database.ts";
import { startTestServer, startTestServerOn } from "../testing/test-server.ts";
import type { TestServer } from "../testing/test-server.ts";
import * as f from "../security/fixture.ts";
import { startTcpProxy } from "./tcp-proxy.ts";
import type { TcpProxy } from "./tcp-proxy.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function postgresOnly(): { label: string; url: string }[] {
  const { TEST_DATABASE_URL } = readTestEnv();
  return TEST_DATABASE_URL ? [{ label: "postgres", url: TEST_DATABASE_URL }] : [];
}

describe.each(postgresOnly())("PostgreSQL cut mid-load ($label)", ({ url }) => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let fx: Pick<f.SecurityFixture, "server" | "logLines">;
  let client: RegisteredClient;
  let tokens: f.TokenSet;
  let person: f.SecurityFixture["user"];

  beforeAll(async () => {
    database = await createPostgresDatabase(url);
    const direct = new URL(database.target.kind === "postgres" ? database.target.url : "");
    proxy = await startTcpProxy(direct.hostname, Number(direct.port || 5432));
    direct.hostname = "127.0.0.1";
    direct.port = String(proxy.port);
    const logLines: string[] = [];
    const { createLogger } = await import("../http/logger.ts");
    const server = await startTestServer({ kind: "postgres", url: direct.toString(), maxConnections: 4 }, { logLevel: "info" }, createLogger("info", (line) => logLines.push(line)));
    fx = { server, logLines };
    person = await signUp(server, "outage@test.example", "outage-password-123");
    client = await registerClient(server, await signInAdmin(server), {
      skip_consent: true,
      grant_types: ["authorization_code", "refresh_token", "client_credentials"],
      client_credentials_scopes: ["api:read"],
    });
    tokens = await f.issueTokens(server, person, client);
  });
  afterAll(async () => {
    await fx?.server.close();
    await proxy?.close();
    await database?.dispose();
  });

  it("answers 503 or a protocol error during the outage, never a 500, and recovers by itself", { timeout: 90_000 }, async () => {
    const server = fx.server;
    const auth = f.basic(client.client_id, client.client_secret);
    const operations = [
      () => f.http(`${server.issuer}/oauth2/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } }),
      () => f.postForm(f.tokenUrl(server), { grant_type: "client_credentials", scope: "api:read" }, auth),
      () => f.postForm(`${server.issuer}/oauth2/introspect`, { token: tokens.access_token }, auth),
      () => f.http(`${server.issuer}/.well-known/openid-configuration`),
      () => person.fetchJson(`${server.url}/api/auth/get-session`, "GET").then((response) => ({ status: response.status })),
    ];
    const seen: { phase: string; status: number }[] = [];
    let phase = "before";
    let stop = false;
    const worker = async () => {
      for (let i = 0; !stop; i++) {
        const operation = operations[i % operations.length]!;
        const result = await operation().catch(() => ({ status: 0 }));
        seen.push({ phase, status: result.status });
      }
    };
    const workers = Array.from({ length: 4 }, () => worker());
    await sleep(500);
    phase = "outage";
    proxy.cut();
    await sleep(1_000);
    // A code exchange attempted during the outage must not leave a usable half-grant behind.
    const issuedBefore = await f.obtainCode(server, person, client).catch(() => undefined);
    expect(issuedBefore).toBeUndefined();
    phase = "restored";
    proxy.restore();
    const restoredAt = Date.now();
    let recovered = false;
    while (!recovered && Date.now() - restoredAt < 15_000) {
      const response = await f.postForm(f.tokenUrl(server), { grant_type: "client_credentials", scope: "api:read" }, auth);
      recovered = response.status === 200;
      if (!recovered) await sleep(200);
    }
    stop = true;
    await Promise.all(workers);

    expect(recovered).toBe(true);
    const statuses = (which: string) => new Set(seen.filter((entry) => entry.phase === which).map((entry) => entry.status));
    expect([...statuses("before")].every((status) => status === 200)).toBe(true);
    expect(statuses("outage").has(503)).toBe(true);
    const all = seen.map((entry) => entry.status);
    expect(all.filter((status) => status >= 500 && status !== 503)).toEqual([]);
    expect(all.filter((status) => status === 0)).toEqual([]);
    const unhandled = fx.logLines.filter((line) => line.includes('"unhandled error"'));
    expect(unhandled).toEqual([]);
    console.info(`outage: ${seen.length} requests, statuses by phase ${JSON.stringify(["before", "outage", "restored"].map((which) => [which, [...statuses(which)]]))}`);

    // After recovery the earlier grant still works, and a fresh flow completes.
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
    const inFlight = Array.from({ length: 40 }, () => f.postForm(f.tokenUrl(server), { grant_type: "client_credentials" }, auth).catch((error: unknown) => error));
    await sleep(20);
    const closing = server.close();
    const results = await Promise.all(inFlight);
    await closing;
    const statuses = results.map((result) => (result instanceof Error ? `error:${result.message}:${String((result as { cause?: unknown }).cause)}` : (result as f.HttpResult).status));
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    // Once closed, new connections are refused rather than half-served.
    await expect(fetch(`${server.url}/healthz`)).rejects.toBeInstanceOf(Error);
  });
});
