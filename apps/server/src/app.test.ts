import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BrowserAgent, signInAdmin, signUp, startTestServer, TEST_WEB_URL } from "@iam/testing";
import type { TestServer } from "@iam/testing";

describe("HTTP surface", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ kind: "pglite", dataDir: "memory://" });
  });
  afterAll(async () => server?.close());

  it("allows credentialed CORS from the console's origin only", async () => {
    const preflight = (origin: string) =>
      server.app.request("/api/auth/get-session", {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "GET" },
      });
    const fromConsole = await preflight(TEST_WEB_URL);
    expect(fromConsole.headers.get("access-control-allow-origin")).toBe(TEST_WEB_URL);
    expect(fromConsole.headers.get("access-control-allow-credentials")).toBe("true");
    const fromElsewhere = await preflight("https://evil.example");
    expect(fromElsewhere.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("lets any origin call the token endpoint, without credentials", async () => {
    const response = await server.app.request("/api/auth/oauth2/token", {
      method: "OPTIONS",
      headers: { origin: "https://spa.example", "access-control-request-method": "POST" },
    });
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-credentials")).toBeNull();
  });

  it("answers unknown routes with a JSON 404 and a request id", async () => {
    const response = await server.app.request("/no/such/route");
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: "not_found" });
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  describe("POST /api/admin/oauth-clients", () => {
    const body = { client_name: "Console test", redirect_uris: ["https://rp.example/callback"] };

    it("refuses anonymous callers with 401", async () => {
      const response = await new BrowserAgent(TEST_WEB_URL).fetchJson(`${server.url}/api/admin/oauth-clients`, "POST", body);
      expect(response.status).toBe(401);
      expect(JSON.parse(response.body)).toMatchObject({ error: "unauthorized" });
    });

    it("refuses signed-in non-admins with 403, here and at Better Auth's own create-client", async () => {
      const user = await signUp(server, "mallory@test.example", "mallory-password-1");
      const admin = await user.fetchJson(`${server.url}/api/admin/oauth-clients`, "POST", body);
      expect(admin.status).toBe(403);
      const plugin = await user.fetchJson(`${server.url}/api/auth/oauth2/create-client`, "POST", {
        redirect_uris: ["https://rp.example/callback"],
      });
      expect([401, 403]).toContain(plugin.status);
    });

    it("validates the body and answers invalid_request with the failing fields", async () => {
      const admin = await signInAdmin(server);
      const response = await admin.fetchJson(`${server.url}/api/admin/oauth-clients`, "POST", {
        client_name: "",
        redirect_uris: ["not a url"],
        unknown_field: true,
      });
      expect(response.status).toBe(400);
      const error = JSON.parse(response.body) as { error: string; details: { path: string[] }[] };
      expect(error.error).toBe("invalid_request");
      expect(error.details.map((issue) => issue.path[0])).toEqual(expect.arrayContaining(["client_name", "redirect_uris"]));
    });

    it("creates a client with admin-only fields, returning the secret once", async () => {
      const admin = await signInAdmin(server);
      const response = await admin.fetchJson(`${server.url}/api/admin/oauth-clients`, "POST", {
        ...body,
        grant_types: ["authorization_code", "refresh_token", "client_credentials"],
        client_credentials_scopes: ["api:read"],
        skip_consent: true,
        enable_end_session: true,
      });
      expect(response.status).toBe(201);
      expect(response.headers["cache-control"]).toBe("no-store");
      const created = JSON.parse(response.body) as Record<string, unknown>;
      expect(created).toMatchObject({ client_name: "Console test", skip_consent: true, enable_end_session: true });
      expect(created.client_id).toEqual(expect.any(String));
      expect(created.client_secret).toEqual(expect.any(String));
    });
  });
});
