import { Hono } from "hono";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerClient, signInAdmin, testDatabaseKinds, startTestServer, TEST_ADMIN, TEST_WEB_URL } from "@iam/testing";
import type { TestDatabase, TestServer } from "@iam/testing";
import { metricsRoutes } from "./metrics-routes.ts";

const TOKEN = "metrics-token-for-tests-0123456789";

/** The value of one sample line, e.g. `iam_sign_ins_total{result="success"}`; undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    const match = line.match(/^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((pair) => [pair[1], pair[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

describe.each(testDatabaseKinds())("/metrics on $label", ({ create }) => {
  let database: TestDatabase;
  let server: TestServer;
  beforeAll(async () => {
    database = await create();
    server = await startTestServer(database.target, { metricsToken: TOKEN });
  });
  afterAll(async () => {
    await server?.close();
    await database?.dispose();
  });

  const scrape = (authorization?: string) => fetch(`${server.url}/metrics`, { headers: authorization ? { authorization } : {} });

  it("wants the bearer token", async () => {
    for (const authorization of [undefined, "Bearer wrong-token", `Basic ${TOKEN}`]) {
      const response = await scrape(authorization);
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
  });

  it("counts requests, sign-ins, tokens per grant, sessions and database connections", async () => {
    const signIn = (password: string) =>
      fetch(`${server.url}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: TEST_WEB_URL },
        body: JSON.stringify({ email: TEST_ADMIN.email, password }),
      });
    expect((await signIn("not-the-password")).status).toBe(401);
    const admin = await signInAdmin(server);
    const client = await registerClient(server, admin, {
      grant_types: ["client_credentials"],
      client_credentials_scopes: ["api:read"],
      redirect_uris: undefined,
    });
    for (let attempt = 0; attempt < 2; attempt++) {
      const token = await fetch(`${server.url}/api/auth/oauth2/token`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: "grant_type=client_credentials&scope=api%3Aread",
      });
      expect(token.status).toBe(200);
    }
    expect((await fetch(`${server.url}/no/such/thing`)).status).toBe(404);

    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    expect(sample(text, "iam_sign_ins_total", { result: "failure" })).toBe(1);
    expect(sample(text, "iam_sign_ins_total", { result: "success" })).toBe(1);
    expect(sample(text, "iam_tokens_issued_total", { grant_type: "client_credentials" })).toBe(2);
    expect(sample(text, "iam_http_requests_total", { method: "POST", route: "/api/auth/oauth2/token", status: "200" })).toBe(2);
    expect(sample(text, "iam_http_requests_total", { method: "POST", route: "/api/admin/oauth-clients", status: "201" })).toBe(1);
    expect(sample(text, "iam_http_requests_total", { method: "GET", route: "unmatched", status: "404" })).toBe(1);
    expect(sample(text, "iam_http_request_duration_seconds_count", { method: "POST", route: "/api/auth/sign-in/email", status: "200" })).toBe(1);
    expect(sample(text, "iam_active_sessions")).toBe(1);
    const max = sample(text, "iam_db_pool_connections", { state: "max" }) ?? 0;
    const open = sample(text, "iam_db_pool_connections", { state: "open" }) ?? 0;
    expect(open).toBeGreaterThanOrEqual(1);
    expect(open).toBeLessThanOrEqual(max);
    expect(sample(text, "iam_process_resident_memory_bytes")).toBeGreaterThan(0);
    // Raw paths never become labels: the query string and unknown paths stay out.
    expect(text).not.toContain("/no/such/thing");
  });

  it("puts the request id in JSON error bodies, ours and Better Auth's", async () => {
    const responses = [
      await fetch(`${server.url}/no/such/thing`),
      await fetch(`${server.url}/api/admin/oauth-clients`, { headers: { origin: TEST_WEB_URL } }),
      await fetch(`${server.url}/api/auth/oauth2/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "grant_type=client_credentials&client_id=nobody&client_secret=nothing",
      }),
    ];
    for (const response of responses) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      const body = (await response.json()) as { error?: string; request_id?: string };
      expect(body.error).toBeTruthy();
      expect(body.request_id).toBe(response.headers.get("x-request-id"));
    }
  });
});

describe("/metrics access", () => {
  const app = (access: Parameters<typeof metricsRoutes>[1]) =>
    new Hono().route("/", metricsRoutes({ registry: new Registry(), middleware: async (_c, next) => next() }, access));

  it("is off in production without a token", async () => {
    expect((await app({ production: true }).request("/metrics")).status).toBe(404);
    expect((await app({ production: true, token: TOKEN }).request("/metrics", { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });

  it("is open in development without a token", async () => {
    expect((await app({ production: false }).request("/metrics")).status).toBe(200);
  });
});
