import { randomBytes } from "node:crypto";
import { createDatabase, migrateDatabase } from "@iam/db";
import type { Database } from "@iam/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth } from "../create-auth.ts";
import type { Auth } from "../create-auth.ts";

const BASE_URL = "http://localhost:4555";
const WEB_URL = "http://localhost:4556";

/**
 * The `better-auth` patch (patches/better-auth@1.7.29.patch): the handler builds its router and
 * endpoints once per instance instead of once per request, and each request still sees its own
 * context. Stock 1.7.29 calls `getEndpoints()`, which reads every plugin's `endpoints`, on every
 * request; the patched handler reads them only while building the one router.
 */
describe("better-auth router built once per instance (patch)", () => {
  let database: Database;
  let auth: Auth;
  let endpointReads = 0;

  beforeAll(async () => {
    database = createDatabase({ kind: "pglite", dataDir: "memory://" });
    await migrateDatabase(database);
    auth = createAuth({ database, baseUrl: BASE_URL, webUrl: WEB_URL, secret: randomBytes(32).toString("base64url"), rateLimit: false, apiScopes: [] });
    // Count how often Better Auth collects the plugins' endpoints, i.e. builds endpoint tables.
    const plugin = auth.options.plugins[0] as { endpoints?: unknown };
    const endpoints = plugin.endpoints;
    Object.defineProperty(plugin, "endpoints", {
      configurable: true,
      get: () => {
        endpointReads++;
        return endpoints;
      },
    });
  });

  afterAll(async () => {
    await database.close();
  });

  const call = (path: string, init: RequestInit = {}) => auth.handler(new Request(`${BASE_URL}/api/auth${path}`, init));

  it("collects endpoints for the first request only, then serves every later one from the same router", async () => {
    expect((await call("/ok")).status).toBe(200);
    const afterFirst = endpointReads;
    for (let index = 0; index < 20; index++) {
      const response = await call(index % 2 ? "/ok" : "/jwks");
      expect(response.status).toBe(200);
    }
    expect(endpointReads).toBe(afterFirst);
  });

  it("collects the plugins' hooks once per instance, not on every endpoint call", async () => {
    // Stock getHooks() walks every plugin's `hooks` on each endpoint call.
    const plugin = auth.options.plugins.find((candidate) => (candidate as { hooks?: unknown }).hooks) as { hooks?: unknown };
    const hooks = plugin.hooks;
    let hookReads = 0;
    Object.defineProperty(plugin, "hooks", {
      configurable: true,
      get: () => {
        hookReads++;
        return hooks;
      },
    });
    for (let index = 0; index < 10; index++) expect((await call("/ok")).status).toBe(200);
    expect(hookReads).toBe(0);
  });

  it("keeps each request's own context when requests interleave", async () => {
    const signIn = (origin: string) =>
      call("/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin },
        body: JSON.stringify({ email: "nobody@example.com", password: "wrong-password-123" }),
      });
    const responses = await Promise.all(Array.from({ length: 10 }, (_, index) => signIn(index % 2 ? WEB_URL : "https://evil.example")));
    // Untrusted origins are refused by the origin check; trusted ones reach the endpoint (wrong password).
    expect(responses.map((response) => response.status)).toEqual(Array.from({ length: 10 }, (_, index) => (index % 2 ? 401 : 403)));
    const ok = await (await call("/ok")).json();
    expect(ok).toEqual({ ok: true });
  });

  it("copies the context per request by value (the patch's fast copy), leaving the instance's own untouched", async () => {
    const shared = (await auth.$context) as unknown as Record<string, unknown>;
    const keysBefore = Object.keys(shared).sort();
    const originsBefore = shared.trustedOrigins;
    await Promise.all(Array.from({ length: 5 }, () => call("/ok")));
    expect(Object.keys(shared).sort()).toEqual(keysBefore);
    expect(shared.trustedOrigins).toBe(originsBefore);
    // Every key stays a plain data property, which is what lets the copy be an assignment.
    expect(Object.values(Object.getOwnPropertyDescriptors(shared)).every((descriptor) => "value" in descriptor && descriptor.writable)).toBe(true);
  });
});
