import { request as httpRequest } from "node:http";
import type { IncomingMessage } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BODY_LIMITS } from "../http/body-limits.ts";
import { testDatabaseKinds } from "@iam/testing";
import * as f from "./fixture.ts";

interface Streamed {
  status: number;
  contentType: string;
  body: Record<string, unknown>;
  /** Bytes of body written before the answer arrived. */
  sentBeforeAnswer: number;
  /** Whether the request body was still open (not ended) when the answer arrived. */
  answeredEarly: boolean;
}

/**
 * Sends a body that never ends (chunked, or with a Content-Length far beyond what is sent) and
 * waits for the answer: a server that reads bodies whole would wait forever.
 */
async function streamEndlessBody(url: string, framing: "chunked" | "content-length", headers: Record<string, string> = {}): Promise<Streamed> {
  try {
    return await streamEndlessBodyOnce(url, framing, headers);
  } catch (error) {
    // The server answers 413 and closes the connection. A write of ours racing that close can fail
    // (EPIPE, ECONNRESET) before Node has parsed the answer already received: the client's race,
    // not the server's behaviour, so it is tried once more.
    const code = (error as { code?: unknown }).code;
    if (code !== "EPIPE" && code !== "ECONNRESET") throw error;
    return streamEndlessBodyOnce(url, framing, headers);
  }
}

function streamEndlessBodyOnce(url: string, framing: "chunked" | "content-length", headers: Record<string, string>): Promise<Streamed> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let ended = false;
    const chunk = Buffer.alloc(1024, "a");
    const req = httpRequest(url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        ...(framing === "content-length" ? { "content-length": String(64 * 1024 * 1024) } : { "transfer-encoding": "chunked" }),
        ...headers,
      },
    });
    const deadline = Date.now() + 10_000;
    const timer = setInterval(() => {
      if (sent >= 4 * 1024 * 1024 || Date.now() > deadline) {
        ended = true;
        clearInterval(timer);
        req.destroy();
        reject(new Error(`no answer after ${sent} bytes sent`));
        return;
      }
      req.write(chunk);
      sent += chunk.length;
    }, 1);
    req.on("response", (response: IncomingMessage) => {
      clearInterval(timer);
      const answeredEarly = !ended;
      const sentBeforeAnswer = sent;
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (part: string) => (text += part));
      response.on("end", () => {
        req.destroy();
        resolve({
          status: response.statusCode ?? 0,
          contentType: String(response.headers["content-type"]),
          body: JSON.parse(text) as Record<string, unknown>,
          sentBeforeAnswer,
          answeredEarly,
        });
      });
    });
    req.on("error", (error) => {
      clearInterval(timer);
      if (!ended) reject(error);
    });
  });
}

function post(url: string, body: string, headers: Record<string, string> = {}): Promise<f.HttpResult> {
  return f.http(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body });
}

describe.each(testDatabaseKinds())("request body limits on $label", (kind) => {
  let fx: f.SecurityFixture;
  beforeAll(async () => {
    fx = await f.startSecurityFixture(kind);
  });
  afterAll(() => f.closeExpectingNoServerErrors(fx));

  for (const framing of ["chunked", "content-length"] as const) {
    it(`answers 413 at the token endpoint without reading the rest of a ${framing} body`, async () => {
      const answer = await streamEndlessBody(f.tokenUrl(fx.server), framing);
      expect(answer.status).toBe(413);
      expect(answer.contentType).toContain("application/json");
      expect(answer.body.error).toBe("invalid_request");
      expect(answer.answeredEarly).toBe(true);
      // Well before the client stopped: at most the limit plus what was in flight.
      expect(answer.sentBeforeAnswer).toBeLessThan(1024 * 1024);
    });
  }

  it("answers 413 for a chunked sign-in body and for an oversized admin API body", async () => {
    const signIn = await streamEndlessBody(`${fx.server.url}/api/auth/sign-in/email`, "chunked", { origin: f.TEST_WEB_URL });
    expect([signIn.status, signIn.answeredEarly]).toEqual([413, true]);
    const admin = await streamEndlessBody(`${fx.server.url}/api/admin/oauth-clients`, "chunked", { origin: f.TEST_WEB_URL });
    expect([admin.status, admin.answeredEarly]).toEqual([413, true]);
  });

  it("keeps introspection and revocation to a few kB and the token endpoint to a few more", async () => {
    const authorization = f.basic(fx.confidential.client_id, fx.confidential.client_secret);
    const overIntrospect = `token=${"a".repeat(BODY_LIMITS.introspectOrRevoke)}`;
    for (const path of ["introspect", "revoke"]) {
      const refused = await post(`${fx.server.issuer}/oauth2/${path}`, overIntrospect, { authorization });
      expect(refused.status).toBe(413);
      expect(refused.json.error).toBe("invalid_request");
    }
    // The same body is fine at the token endpoint (a client assertion can be that long) ...
    const token = await post(f.tokenUrl(fx.server), `grant_type=refresh_token&refresh_token=${"a".repeat(BODY_LIMITS.introspectOrRevoke)}`, { authorization });
    expect(token.status).toBe(400);
    // ... up to its own limit.
    const tooLong = await post(f.tokenUrl(fx.server), `grant_type=refresh_token&refresh_token=${"a".repeat(BODY_LIMITS.token)}`, { authorization });
    expect(tooLong.status).toBe(413);
  });

  it("accepts client registrations larger than a protocol request through the admin API", async () => {
    const redirectUris = Array.from({ length: 50 }, (_, n) => `http://localhost:8765/callback/${n}/${"x".repeat(400)}`);
    expect(JSON.stringify(redirectUris).length).toBeGreaterThan(BODY_LIMITS.other);
    const created = await fx.admin.fetchJson(`${fx.server.url}/api/admin/oauth-clients`, "POST", {
      client_name: "Many callbacks",
      redirect_uris: redirectUris,
      application_type: "native",
      token_endpoint_auth_method: "client_secret_basic",
    });
    expect(created.status).toBe(201);
  });
});
