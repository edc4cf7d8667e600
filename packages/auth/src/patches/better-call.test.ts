import { APIError } from "better-auth/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Auth } from "../create-auth.ts";
import { openPatchedAuth } from "./patched-auth.ts";

const BASE_URL = "http://localhost:4557";

/** A GET whose body must never be asked for: reading it is what the patch avoids. */
class BodylessGet extends Request {
  bodyReads = 0;
  override get body(): Request["body"] {
    this.bodyReads++;
    return super.body;
  }
}

function makeRedirectError(): APIError {
  return new APIError("FOUND", { message: "moved" });
}

/** The better-call patch (patches/better-call@1.4.6.patch). */
describe("better-call patches", () => {
  let auth: Auth;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ auth, close } = await openPatchedAuth(BASE_URL));
  });
  afterAll(async () => close?.());

  it("never asks a GET request for its body", async () => {
    const request = new BodylessGet(`${BASE_URL}/api/auth/ok`);
    const response = await auth.handler(request);
    expect(response.status).toBe(200);
    expect(request.bodyReads).toBe(0);
  });

  it("formats no stack text when an error is made, only when its stack is read", () => {
    // V8 formats a stack through Error.prepareStackTrace when `.stack` is first read; upstream
    // read it in the constructor of every APIError (every redirect, every protocol error).
    const original = Error.prepareStackTrace;
    let formatted = 0;
    Error.prepareStackTrace = (error, frames) => {
      formatted++;
      return original ? original(error, frames) : `${String(error)}\n${frames.map((frame) => `    at ${String(frame)}`).join("\n")}`;
    };
    try {
      const error = makeRedirectError();
      expect(formatted).toBe(0);
      expect(error.errorStack).toContain("makeRedirectError");
      expect(formatted).toBe(1);
    } finally {
      Error.prepareStackTrace = original;
    }
  });

  it("still gives an error's stack, from where it was made, when it is read later", () => {
    const error = makeRedirectError();
    const stack = error.errorStack;
    expect(stack).toMatch(/^APIError/);
    expect(stack).toContain("makeRedirectError");
    // Read once, kept: the same text every time.
    expect(error.errorStack).toBe(stack);
  });
});
