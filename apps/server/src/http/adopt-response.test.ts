import { Hono } from "hono";
import type { Context } from "hono";
import { cors } from "hono/cors";
import { describe, expect, it } from "vitest";
import { adoptResponse, setResponseHeader } from "./adopt-response.ts";

function appAnswering(answer: () => Response) {
  const app = new Hono();
  app.use(async (c, next) => {
    await next();
    setResponseHeader(c, "X-Request-Id", "req-1");
  });
  // Hono's CORS sets its headers on c.res before next(): the case that made Hono rebuild answers.
  app.use(cors({ origin: "https://console.example", credentials: true }));
  app.get("/answer", (c) => adoptResponse(c, answer()));
  return app;
}

describe("adoptResponse and setResponseHeader", () => {
  it("keeps the handler's status, body and cookies and the headers set around it", async () => {
    const response = await appAnswering(() => {
      const headers = new Headers({ "content-type": "application/json" });
      headers.append("set-cookie", "a=1; Path=/");
      headers.append("set-cookie", "b=2; Path=/");
      return new Response('{"ok":true}', { status: 201, headers });
    }).request("/answer", { headers: { origin: "https://console.example" } });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ ok: true });
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    expect(response.headers.get("access-control-allow-origin")).toBe("https://console.example");
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    expect(response.headers.get("vary")).toBe("Origin");
    expect(response.headers.get("x-request-id")).toBe("req-1");
  });

  it("falls back to Hono's copy for a response whose headers are immutable", async () => {
    const response = await appAnswering(() => Response.redirect("https://rp.example/callback?code=x", 302)).request("/answer", {
      headers: { origin: "https://console.example" },
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("https://rp.example/callback?code=x");
    expect(response.headers.get("access-control-allow-origin")).toBe("https://console.example");
    expect(response.headers.get("x-request-id")).toBe("req-1");
  });
});

/**
 * What adoptResponse, setResponseHeader and the request log rely on in Hono beyond its documented
 * API: assigning `c.res` over a touched response merges (rebuilds) it, assigning `undefined` first
 * does not, and the app answers with the handler's own object. A Hono upgrade that changes any of
 * this fails here first; then adapt those helpers (or drop them, if the rebuild is gone).
 */
describe("Hono behaviour these helpers rely on", () => {
  // The public protocol paths' CORS (any origin) touches `c.res` before the handler and nothing after it.
  function publicApp(handler: (c: Context) => Response) {
    const app = new Hono();
    app.use(async (c, next) => {
      await next();
      setResponseHeader(c, "X-Request-Id", "req-1");
    });
    app.use(cors({ origin: "*" }));
    app.get("/answer", handler);
    return app;
  }

  it("answers with the handler's own Response once `c.res` was cleared, headers set around it included", async () => {
    const adopted = new Response("ok", { headers: { "content-type": "text/plain" } });
    const response = await publicApp((c) => adoptResponse(c, adopted)).request("/answer");
    expect(response).toBe(adopted);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("x-request-id")).toBe("req-1");

    const cleared = new Response("ok");
    const clearedFirst = publicApp((c) => {
      c.res = undefined;
      c.res = cleared;
      return c.res;
    });
    expect(await clearedFirst.request("/answer")).toBe(cleared);
  });

  it("rebuilds the response when one is assigned over a response CORS already touched", async () => {
    const assigned = new Response("ok");
    const response = await publicApp((c) => {
      c.res = assigned;
      return c.res;
    }).request("/answer");
    // If this starts to fail, Hono no longer rebuilds and adoptResponse's clearing is unneeded.
    expect(response).not.toBe(assigned);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("rebuilds the response for every `c.header()` after the handler, which setResponseHeader avoids", async () => {
    const adopted = new Response("ok");
    const app = new Hono();
    app.use(async (c, next) => {
      await next();
      c.header("X-Request-Id", "req-1");
    });
    app.get("/answer", (c) => adoptResponse(c, adopted));
    const response = await app.request("/answer");
    expect(response).not.toBe(adopted);
    expect(response.headers.get("x-request-id")).toBe("req-1");
  });
});
