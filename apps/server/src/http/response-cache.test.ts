import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { responseCache } from "./response-cache.ts";

function appWithCounter(ttlMs: number) {
  const calls = { count: 0, status: 200 };
  const app = new Hono();
  app.use(responseCache(new Set(["/jwks"]), ttlMs, { invalidatedBy: (method, path) => method === "POST" && path === "/rotate" }));
  app.post("/rotate", (c) => c.json({ rotated: true }));
  app.get("/jwks", async (c) => {
    calls.count++;
    await new Promise((resolve) => setTimeout(resolve, 20));
    return c.json({ keys: [calls.count] }, calls.status as 200);
  });
  app.get("/other", (c) => {
    calls.count++;
    return c.json({ n: calls.count });
  });
  return { app, calls };
}

describe("responseCache", () => {
  it("answers repeated GETs from memory until the entry expires", async () => {
    const { app, calls } = appWithCounter(150);
    const first = await app.request("/jwks");
    expect(await first.json()).toEqual({ keys: [1] });
    expect(first.headers.get("content-type")).toContain("application/json");
    for (let index = 0; index < 5; index++) expect(await (await app.request("/jwks")).json()).toEqual({ keys: [1] });
    expect(calls.count).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await (await app.request("/jwks")).json()).toEqual({ keys: [2] });
  });

  it("shares one upstream call among concurrent misses", async () => {
    const { app, calls } = appWithCounter(1000);
    const bodies = await Promise.all(Array.from({ length: 8 }, async () => (await app.request("/jwks")).json()));
    expect(bodies).toEqual(Array.from({ length: 8 }, () => ({ keys: [1] })));
    expect(calls.count).toBe(1);
  });

  it("forgets everything after a request that changes the documents", async () => {
    const { app, calls } = appWithCounter(60_000);
    await app.request("/jwks");
    await app.request("/jwks");
    expect(calls.count).toBe(1);
    expect((await app.request("/rotate", { method: "POST" })).status).toBe(200);
    expect(await (await app.request("/jwks")).json()).toEqual({ keys: [2] });
  });

  it("passes through other paths, query strings, other methods and failed answers", async () => {
    const { app, calls } = appWithCounter(1000);
    await app.request("/other");
    await app.request("/other");
    expect(calls.count).toBe(2);
    await app.request("/jwks?x=1");
    await app.request("/jwks?x=1");
    expect(calls.count).toBe(4);
    calls.status = 503;
    expect((await app.request("/jwks")).status).toBe(503);
    calls.status = 200;
    expect((await app.request("/jwks")).status).toBe(200);
    expect(calls.count).toBe(6);
  });
});
