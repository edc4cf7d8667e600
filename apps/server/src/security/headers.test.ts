import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, startTestServer } from "@iam/testing";
import type { TestServer } from "@iam/testing";
import * as f from "./fixture.ts";

describe("security headers and cookies", () => {
  let development: TestServer;
  let production: TestServer;

  beforeAll(async () => {
    development = await startTestServer({ kind: "pglite", dataDir: "memory://" });
    // Production behind TLS: the public URL is https, the test talks to the plain socket.
    production = await startTestServer({ kind: "pglite", dataDir: "memory://" }, { production: true, baseUrl: "https://id.example" });
  });
  afterAll(async () => {
    await development?.close();
    await production?.close();
  });

  it.each(["/api/auth/.well-known/openid-configuration", "/api/auth/oauth2/userinfo", "/healthz", "/api/admin/oauth-clients", "/no-such-path"])(
    "%s refuses framing and referrer leaks",
    async (path) => {
      const response = await f.http(`${development.url}${path}`);
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("strict-transport-security")).toBeNull();
    },
  );

  it("adds HSTS in production", async () => {
    const response = await f.http(`${production.url}/healthz`);
    expect(response.headers.get("strict-transport-security")).toMatch(/max-age=\d{7,}/);
  });

  it("sets session cookies Secure (with the __Secure- prefix), HttpOnly and SameSite=Lax in production", async () => {
    const response = await f.http(`${production.url}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: f.TEST_WEB_URL },
      body: JSON.stringify({ email: "secure-cookie@test.example", password: "secure-cookie-password-1", name: "S" }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((line) => line.includes("session_token=")) ?? "";
    expect(cookie).toMatch(/^__Secure-/);
    expect(cookie.toLowerCase()).toContain("; secure");
    expect(cookie.toLowerCase()).toContain("httponly");
    expect(cookie.toLowerCase()).toContain("samesite=lax");
  });

  it("does not mark development cookies Secure (plain HTTP on localhost)", async () => {
    const agent = await signUp(development, "dev-cookie@test.example", "dev-cookie-password-1");
    expect(agent.cookieHeader()).toMatch(/(^|; )better-auth\.session_token=/);
  });
});
