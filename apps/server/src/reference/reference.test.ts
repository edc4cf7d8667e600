import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isEndpointEnabled } from "@iam/auth";
import { startTestServer } from "@iam/testing";
import type { TestServer } from "@iam/testing";
import { projectRoutes, toOpenApiPath } from "./openapi-document.ts";
import type { OpenApiDocument } from "./openapi-document.ts";

const WEB_SOURCE = fileURLToPath(new URL("../../../web/src", import.meta.url));

/** Every `/api/auth/…` or `/api/admin/…` path the console's source calls; `${…}` becomes a wildcard segment. */
async function consoleCalls(): Promise<string[]> {
  const files = (await readdir(WEB_SOURCE, { recursive: true })).filter((file) => /\.(ts|tsx)$/.test(file) && !file.includes(".test."));
  const calls = new Set<string>();
  for (const file of files) {
    const source = await readFile(join(WEB_SOURCE, file), "utf8");
    // Inside string literals only (a quote, backtick or `${base}` before; the closing quote or `?` after), not comments.
    for (const match of source.matchAll(/(?<=["'`}])\/api\/(?:auth|admin)(?:\/(?:[\w.-]+|\$\{[^}]*\}))+(?=["'`?])/g)) {
      calls.add(match[0].replace(/\$\{[^}]*\}/g, "*"));
    }
  }
  return [...calls].sort();
}

function matches(call: string, specPath: string): boolean {
  const left = call.split("/");
  const right = specPath.split("/");
  return (
    left.length === right.length &&
    left.every((segment, index) => segment === right[index] || segment === "*" || /^[:{]/.test(segment) || /^\{.*\}$/.test(right[index] ?? ""))
  );
}

describe("API reference", () => {
  let server: TestServer;
  let document: OpenApiDocument;
  beforeAll(async () => {
    server = await startTestServer({ kind: "pglite", dataDir: "memory://" });
    const response = await fetch(`${server.url}/api/reference/openapi.json`);
    expect(response.status).toBe(200);
    document = (await response.json()) as OpenApiDocument;
  });
  afterAll(async () => server?.close());

  it("documents every route the server registers, each with a description", () => {
    const routes = projectRoutes(server.app.routes);
    expect(routes.length).toBeGreaterThan(5);
    const undocumented = routes
      .filter((route) => !document.paths[toOpenApiPath(route.path)]?.[route.method.toLowerCase()]?.summary)
      .map((route) => `${route.method} ${route.path}`);
    expect(undocumented, "declare these with createRoute (apps/server/src/openapi/api-router.ts)").toEqual([]);
  });

  it("lists only endpoints that are switched on, following the Better Auth configuration", async () => {
    // No social providers are configured: their sign-in is left out, and refuses to work.
    expect(document.paths["/api/auth/sign-in/social"]).toBeUndefined();
    const social = await fetch(`${server.url}/api/auth/sign-in/social`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost:3999" },
      body: JSON.stringify({ provider: "github" }),
    });
    expect(social.status).toBeGreaterThanOrEqual(400);
    // Mail (the development outbox without SMTP_URL) and registration with initial access tokens are on: listed.
    for (const on of ["/request-password-reset", "/send-verification-email", "/verify-email", "/oauth2/register"]) {
      expect(document.paths[`/api/auth${on}`], on).toBeDefined();
    }
    const reset = await fetch(`${server.url}/api/auth/request-password-reset`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost:3999" },
      body: JSON.stringify({ email: "someone@test.example" }),
    });
    expect(reset.status).toBe(200);
    // When mail is configured (another part of the project sets these), the same rule lists them.
    const withMail = { emailAndPassword: { enabled: true, sendResetPassword: async () => {} }, emailVerification: { sendVerificationEmail: async () => {} } };
    for (const on of ["/request-password-reset", "/reset-password/{token}", "/send-verification-email"]) expect(isEndpointEnabled(withMail, on)).toBe(true);
    expect(isEndpointEnabled({ disabledPaths: ["/token"] }, "/token")).toBe(false);
  });

  it("includes Better Auth's endpoints under /api/auth, the OAuth provider's too", () => {
    for (const path of [
      "/api/auth/sign-in/email",
      "/api/auth/oauth2/token",
      "/api/auth/oauth2/userinfo",
      "/api/auth/admin/list-users",
      "/api/auth/get-session",
    ]) {
      expect(document.paths[path], path).toBeDefined();
    }
    expect(document.servers[0]?.url).toBe(server.config.baseUrl);
    const createClient = document.paths["/api/admin/oauth-clients"]?.post as { requestBody?: { content: Record<string, { schema: { properties: object } }> } };
    expect(Object.keys(createClient.requestBody?.content["application/json"]?.schema.properties ?? {})).toContain("redirect_uris");
  });

  it("gives every /api/admin route its request schemas (where it takes input) and its response schemas", () => {
    type Schema = { schema?: object };
    type AdminOperation = {
      parameters?: { name: string; in: string; schema?: object }[];
      requestBody?: { content?: Record<string, Schema> };
      responses?: Record<string, { content?: Record<string, Schema> }>;
    };
    const admin = Object.entries(document.paths)
      .filter(([path]) => path.startsWith("/api/admin/"))
      .flatMap(([path, operations]) => Object.entries(operations).map(([method, operation]) => ({ path, method, operation: operation as AdminOperation })));
    expect(admin.length).toBeGreaterThanOrEqual(13);
    const gaps: string[] = [];
    for (const { path, method, operation } of admin) {
      const where = `${method.toUpperCase()} ${path}`;
      for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
        if (!operation.parameters?.some((parameter) => parameter.in === "path" && parameter.name === name && parameter.schema))
          gaps.push(`${where}: path parameter ${name}`);
      }
      // Input: a PATCH and a create (POST to a collection) take a body; a list (GET of a collection) takes a query.
      // Actions on one resource (rotate, retry, re-send, mail a link) take no input beyond the path.
      const collection =
        !/\}$/.test(path) && !/\/(rotate|rotate-secret|retry|resend|send-verification|send-password-reset|backchannel-logout|logout-reach)$/.test(path);
      if ((method === "patch" || (method === "post" && collection)) && !operation.requestBody?.content?.["application/json"]?.schema)
        gaps.push(`${where}: request body`);
      if (
        method === "get" &&
        collection &&
        !path.endsWith("/dashboard") &&
        !path.endsWith("/signing-keys") &&
        !path.endsWith("/mail/status") &&
        // A short unpaged list (at most 500 tokens), and one client's secrets' state: nothing to query.
        !path.endsWith("/initial-access-tokens") &&
        !path.endsWith("/secret") &&
        // One settings document, not a collection.
        !path.endsWith("/settings") &&
        !operation.parameters?.some((parameter) => parameter.in === "query")
      )
        gaps.push(`${where}: query`);
      const responses = Object.entries(operation.responses ?? {});
      const success = responses.filter(([status]) => status.startsWith("2"));
      if (!success.length) gaps.push(`${where}: success response`);
      for (const [status, response] of responses) {
        if (status !== "204" && !response.content?.["application/json"]?.schema) gaps.push(`${where}: ${status} response schema`);
      }
      for (const status of ["401", "403"]) if (!operation.responses?.[status]) gaps.push(`${where}: ${status}`);
    }
    expect(gaps).toEqual([]);
  });

  it("covers every API call the console makes", async () => {
    const calls = await consoleCalls();
    expect(calls.length).toBeGreaterThanOrEqual(3);
    const missing = calls.filter((call) => !Object.keys(document.paths).some((path) => matches(call, path)));
    expect(missing).toEqual([]);
  });

  it("serves an interactive page that lists every operation", async () => {
    const response = await fetch(`${server.url}/api/reference`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    const page = await response.text();
    expect(page).toContain('data-url="/api/reference/openapi.json"');
    expect(page).toMatch(/@scalar\/api-reference@\d+\.\d+\.\d+/);
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const method of Object.keys(operations))
        expect(page, `${method} ${path}`).toContain(`<code>${method.toUpperCase()}</code></td><td><code>${path}</code>`);
    }
  });
});
