import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { BufferedRequest, bufferedBody } from "./buffered-body.ts";

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

describe("BufferedRequest", () => {
  const form = "grant_type=client_credentials&resource=https%3A%2F%2Fa&resource=https%3A%2F%2Fb&scope=api%3Aread";
  const formRequest = () =>
    new BufferedRequest(
      "http://localhost/api/auth/oauth2/token",
      { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" } },
      form,
    );

  it("gives the same body to every read and every clone, as Better Auth and its plugin read it three times", async () => {
    const request = formRequest();
    const clone = request.clone();
    expect(clone).toBeInstanceOf(BufferedRequest);
    expect(await clone.text()).toBe(form);
    expect(await request.clone().text()).toBe(form);
    expect(await new Response(request.body).text()).toBe(form);
    expect(await request.text()).toBe(form);
    expect(request.bodyUsed).toBe(false);
  });

  it("parses a form-encoded body with repeated keys as undici does", async () => {
    const ours = await formRequest().formData();
    const undici = await new Request("http://localhost/", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form,
    }).formData();
    expect([...ours.entries()]).toEqual([...undici.entries()]);
    expect(ours.getAll("resource")).toEqual(["https://a", "https://b"]);
  });

  it("parses JSON, refuses malformed JSON with a SyntaxError, and leaves multipart to undici", async () => {
    const json = new BufferedRequest("http://localhost/", { method: "POST", headers: { "content-type": "application/json" } }, '{"email":"a@example.com"}');
    expect(await json.json()).toEqual({ email: "a@example.com" });
    const broken = new BufferedRequest("http://localhost/", { method: "POST", headers: { "content-type": "application/json" } }, "{");
    await expect(broken.json()).rejects.toBeInstanceOf(SyntaxError);

    const multipart = new Request("http://localhost/", {
      method: "POST",
      body: (() => {
        const f = new FormData();
        f.append("name", "value");
        return f;
      })(),
    });
    const body = await multipart.text();
    const buffered = new BufferedRequest("http://localhost/", { method: "POST", headers: multipart.headers }, body);
    expect((await buffered.formData()).get("name")).toBe("value");
  });
});
