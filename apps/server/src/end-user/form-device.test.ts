import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BrowserAgent, registerClient, requestUserCode, signInAdmin, signUp, startTestServer, TEST_WEB_URL } from "@iam/testing";
import type { RegisteredClient, TestServer } from "@iam/testing";
import { DEVICE_CODE_GRANT } from "@iam/schemas";

/**
 * The /device page's Allow/Deny form as the browser posts it: every outcome is a 303 to a page
 * (never JSON, never a 500). PGlite only: this is HTTP shaping; the flow itself runs on both
 * databases in apps/web/e2e/device-flow.test.ts.
 */
describe("browser layer: the device page's form", () => {
  let server: TestServer;
  let client: RegisteredClient;

  beforeAll(async () => {
    server = await startTestServer({ kind: "pglite", dataDir: "memory://" });
    client = await registerClient(server, await signInAdmin(server), { grant_types: [DEVICE_CODE_GRANT], redirect_uris: undefined });
  });
  afterAll(async () => server?.close());

  const newUserCode = () => requestUserCode(server, client);

  const post = (browser: BrowserAgent, fields: Record<string, string>) => browser.submitForm(`${server.issuer}/device/approve`, fields);

  it("a client the admin did not enable for the device grant gets no code", async () => {
    const webClient = await registerClient(server, await signInAdmin(server), {});
    const response = await fetch(`${server.issuer}/device/code`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${webClient.client_id}:${webClient.client_secret}`).toString("base64")}`,
      },
      body: new URLSearchParams({ client_id: webClient.client_id, scope: "openid" }),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(((await response.json()) as { error: string }).error).toBe("unauthorized_client");
  });

  it("malformed device requests get an OAuth error, never a 500", async () => {
    const basic = `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString("base64")}`;
    const form = (url: string, fields: Record<string, string>, authorization?: string) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...(authorization ? { authorization } : {}) },
        body: new URLSearchParams(fields),
      });
    const cases: [string, Record<string, string>, string | undefined][] = [
      [`${server.issuer}/device/code`, {}, undefined],
      [`${server.issuer}/device/code`, { client_id: "no-such-client" }, undefined],
      [`${server.issuer}/device/code`, { client_id: client.client_id, scope: "not-a-scope" }, basic],
      [`${server.issuer}/oauth2/token`, { grant_type: DEVICE_CODE_GRANT }, basic],
      [`${server.issuer}/oauth2/token`, { grant_type: DEVICE_CODE_GRANT, device_code: "x".repeat(5000) }, basic],
      [`${server.issuer}/oauth2/token`, { grant_type: DEVICE_CODE_GRANT, device_code: "abc", client_id: client.client_id }, undefined],
    ];
    for (const [url, fields, authorization] of cases) {
      const response = await form(url, fields, authorization);
      expect(response.status, `${url} ${JSON.stringify(fields).slice(0, 80)}`).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(typeof ((await response.json()) as { error?: unknown }).error).toBe("string");
    }
    const unknownScope = await form(`${server.issuer}/device/code`, { client_id: client.client_id, scope: "not-a-scope" }, basic);
    expect(((await unknownScope.json()) as { error?: unknown }).error).toBe("invalid_scope");
    const mixed = await form(`${server.issuer}/device/code`, { client_id: client.client_id, scope: "openid not-a-scope" }, basic);
    expect(((await mixed.json()) as { error?: unknown }).error).toBe("invalid_scope");
  });

  it("signed out: to the sign-in page, which comes back to /device with the code", async () => {
    const userCode = await newUserCode();
    const response = await post(new BrowserAgent(TEST_WEB_URL), { user_code: userCode, decision: "approve" });
    expect(response.status).toBe(303);
    expect(response.location).toBe(`${TEST_WEB_URL}/sign-in?callbackURL=${encodeURIComponent(`/device?user_code=${userCode}`)}`);
  });

  it("a malformed form, an unknown code and someone else's code come back to /device with a reason", async () => {
    const dana = await signUp(server, "dana@test.example", "dana-password-123", "Dana");
    const erin = await signUp(server, "erin@test.example", "erin-password-123", "Erin");
    expect((await post(dana, { user_code: "ABCD1234" })).location).toBe(`${TEST_WEB_URL}/device?error=invalid_code`);
    expect((await post(dana, { user_code: "NOTACODE", decision: "approve" })).location).toBe(`${TEST_WEB_URL}/device?error=invalid_code&user_code=NOTACODE`);

    // Erin opened the code first, so it is hers to answer.
    const userCode = await newUserCode();
    expect((await erin.fetchJson(`${server.issuer}/device?user_code=${userCode}`, "GET")).status).toBe(200);
    const stolen = await post(dana, { user_code: userCode, decision: "approve" });
    expect(stolen.status).toBe(303);
    expect(stolen.location).toBe(`${TEST_WEB_URL}/device?error=not_yours&user_code=${userCode}`);

    const denied = await post(erin, { user_code: userCode, decision: "deny" });
    expect(denied.location).toBe(`${TEST_WEB_URL}/device?done=denied`);
    const audited = await server.database.sql.query("select action, target_id from audit_log where action like 'device.%'", []);
    expect(audited.rows).toEqual([
      { action: "device.denied", target_id: JSON.parse((await erin.fetchJson(`${server.issuer}/get-session`, "GET")).body).user.id },
    ]);
    // Answered once: a second answer is refused.
    expect((await post(erin, { user_code: userCode, decision: "approve" })).location).toBe(`${TEST_WEB_URL}/device?error=invalid_code&user_code=${userCode}`);
  });
});
