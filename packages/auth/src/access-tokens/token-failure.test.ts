import { APIError } from "better-auth/api";
import { describe, expect, it } from "vitest";
import { describeTokenFailure, requestClientId } from "./token-failure.ts";

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

describe("what the audit log keeps of a refused token request", () => {
  it("names the client from the body or from Basic credentials, never the secret", () => {
    expect(requestClientId({ client_id: "body-client", client_secret: "s3cret" }, null)).toBe("body-client");
    expect(requestClientId({}, basic("basic%20client", "s3cret:with:colons"))).toBe("basic client");
    expect(requestClientId({}, basic("", "only-a-secret"))).toBeUndefined();
    expect(requestClientId({}, "Basic %%%")).toBeUndefined();
    expect(requestClientId({}, basic("%E0%A4%A", "x"))).toBeUndefined();
    expect(requestClientId({}, "Bearer abc")).toBeUndefined();
  });

  it("keeps grant type, OAuth error and reason; not the code, verifier, refresh token or secret", () => {
    const body = { grant_type: "authorization_code", code: "the-code", code_verifier: "the-verifier", client_id: "c1", client_secret: "the-secret" };
    const error = new APIError("BAD_REQUEST", { error: "invalid_grant", error_description: "code verification failed" });
    const failure = describeTokenFailure(body, null, error);
    expect(failure).toEqual({
      clientId: "c1",
      details: { grant_type: "authorization_code", error: "invalid_grant", reason: "code verification failed", status: 400 },
    });
    const text = JSON.stringify(failure);
    for (const secret of ["the-code", "the-verifier", "the-secret"]) expect(text).not.toContain(secret);
  });

  it("bounds what it copies", () => {
    const error = new APIError("UNAUTHORIZED", { error: "invalid_client", error_description: "x".repeat(5000) });
    const failure = describeTokenFailure({ grant_type: "g".repeat(500), client_id: "c".repeat(500) }, null, error);
    expect(failure.clientId).toHaveLength(200);
    expect(String(failure.details.reason)).toHaveLength(200);
    expect(String(failure.details.grant_type)).toHaveLength(100);
    expect(failure.details.status).toBe(401);
  });
});
