import { Hono } from "hono";
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
