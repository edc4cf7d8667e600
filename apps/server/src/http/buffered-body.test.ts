import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { bufferedBody } from "./buffered-body.ts";

function appReadingBodyTwice() {
  const app = new Hono();
  // An earlier layer reads the body through Hono's cache, as the NUL check and the metrics do.
  app.use(async (c, next) => {
    c.header("x-seen-early", String((await c.req.text()).length));
    await next();
  });
  app.use(bufferedBody());
  // The handler reads the raw Request, as Better Auth's handler does.
  app.post("/echo", async (c) => c.text(await c.req.raw.text()));
  app.get("/echo", (c) => c.text(String(c.req.raw.body === null)));
  return app;
}

describe("bufferedBody", () => {
  it("hands the raw request's body on after an earlier layer has read it", async () => {
    const response = await appReadingBodyTwice().request("/echo", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-extra": "kept" },
      body: "grant_type=client_credentials&scope=api%3Aread",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-seen-early")).toBe("46");
    expect(await response.text()).toBe("grant_type=client_credentials&scope=api%3Aread");
  });

  it("keeps the headers, including ones set by earlier layers, and leaves GET without a body", async () => {
    const app = new Hono();
    app.use((c, next) => {
      c.req.raw.headers.set("x-iam-client-ip", "203.0.113.9");
      return next();
    });
    app.use(bufferedBody());
    app.post("/headers", (c) => c.json({ ip: c.req.raw.headers.get("x-iam-client-ip"), type: c.req.raw.headers.get("content-type") }));
    const response = await app.request("/headers", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(await response.json()).toEqual({ ip: "203.0.113.9", type: "application/json" });
    expect(await (await appReadingBodyTwice().request("/echo")).text()).toBe("true");
  });
});
