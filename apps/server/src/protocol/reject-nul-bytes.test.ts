import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { rejectNulBytes } from "./reject-nul-bytes.ts";

describe("rejectNulBytes", () => {
  const app = new Hono().use(rejectNulBytes()).all("*", (c) => c.text("passed"));

  it.each([
    ["a percent-encoded NUL in the query", "/x?client_id=%00", undefined],
    ["a NUL in a form body", "/x", "client_id=a%00b"],
    ["a JSON-escaped NUL", "/x", '{"email":"a\\u0000@b"}'],
  ])("refuses %s with 400 invalid_request", async (_label, path, body) => {
    const response = await app.request(path, body === undefined ? {} : { method: "POST", body });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_request" });
  });

  it("lets ordinary requests through, body intact", async () => {
    const app2 = new Hono().use(rejectNulBytes()).post("/x", async (c) => c.text(await c.req.text()));
    const response = await app2.request("/x?scope=openid%20email", { method: "POST", body: "a=1&b=%01" });
    expect(await response.text()).toBe("a=1&b=%01");
  });
});
