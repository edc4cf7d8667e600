import { randomBytes } from "node:crypto";
import { createDatabase, migrateDatabase } from "@iam/db";
import type { Database } from "@iam/db";
import { APIError } from "better-auth/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuth } from "../create-auth.ts";
import type { Auth } from "../create-auth.ts";

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

/** The better-call patch (patches/better-call@1.4.0.patch). */
describe("better-call patches", () => {
  let database: Database;
  let auth: Auth;

  beforeAll(async () => {
    database = createDatabase({ kind: "pglite", dataDir: "memory://" });
    await migrateDatabase(database);
    auth = createAuth({ database, baseUrl: BASE_URL, webUrl: "http://localhost:4558", secret: randomBytes(32).toString("base64url"), rateLimit: false, apiScopes: [] });
  });
  afterAll(async () => {
    await database.close();
  });

  it("never asks a GET request for its body", async () => {
    const request = new BodylessGet(`${BASE_URL}/api/auth/ok`);
    const response = await auth.handler(request);
    expect(response.status).toBe(200);
    expect(request.bodyReads).toBe(0);
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
