import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds } from "@iam/testing";
import * as f from "./fixture.ts";

/** Runs per property: enough to shake out crashes, few enough to stay within seconds. */
const RUNS = 120;

const nasty = fc.oneof(
  fc.string({ maxLength: 64 }),
  fc.string({ unit: "grapheme", maxLength: 32 }),
  fc.constantFrom("", " ", "null", "undefined", "[]", "{}", "%00", "\u0000", "../../etc/passwd", "<script>", "' or 1=1 --", "a".repeat(5000), "😀", "\ud800"),
  fc.webUrl(),
  fc.integer().map(String),
);

function paramsOf(keys: readonly string[]) {
  return fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 12 })), nasty, { maxKeys: 8 });
}

const AUTHORIZE_KEYS = [
  "response_type",
  "client_id",
  "redirect_uri",
  "scope",
  "state",
  "nonce",
  "code_challenge",
  "code_challenge_method",
  "prompt",
  "max_age",
  "response_mode",
  "request",
  "claims",
  "resource",
];
const TOKEN_KEYS = [
  "grant_type",
  "code",
  "code_verifier",
  "redirect_uri",
  "refresh_token",
  "scope",
  "client_id",
  "client_secret",
  "resource",
  "client_assertion",
  "client_assertion_type",
];

describe("property-based fuzzing of the public endpoints", () => {
  let fx: f.SecurityFixture;
  const statuses = new Map<number, number>();
  let requests = 0;

  beforeAll(async () => {
    fx = await f.startSecurityFixture(testDatabaseKinds()[0]!);
  });
  afterAll(async () => {
    const errors = fx ? f.serverErrors(fx.logLines) : [];
    await fx?.close();
    // Printed for the report: how many requests, and how their statuses spread.
    console.info(`fuzz: ${requests} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(errors).toEqual([]);
  });

  function record(status: number): boolean {
    requests++;
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    return status >= 200 && status < 500;
  }

  const ok = (status: number) => expect(record(status), `status ${status}`).toBe(true);

  it("authorize answers every parameter set with a redirect or a 4xx", async () => {
    await fc.assert(
      fc.asyncProperty(paramsOf(AUTHORIZE_KEYS), fc.boolean(), async (params, withClient) => {
        const query = withClient ? { client_id: fx.confidential.client_id, redirect_uri: f.RP_REDIRECT_URI, ...params } : params;
        ok((await fx.user.navigate(f.authorizeUrl(fx.server, query))).status);
      }),
      { numRuns: RUNS },
    );
  });

  it("token answers every form with a token or a 4xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        paramsOf(TOKEN_KEYS),
        fc.constantFrom("authorization_code", "refresh_token", "client_credentials", "password", ""),
        fc.constantFrom("basic", "wrong-basic", "garbage", "none"),
        async (params, grant, auth) => {
          const authorization =
            auth === "basic"
              ? f.basic(fx.confidential.client_id, fx.confidential.client_secret)
              : auth === "wrong-basic"
                ? f.basic(fx.confidential.client_id, "nope")
                : auth === "garbage"
                  ? "Basic %%%not-base64"
                  : undefined;
          ok((await f.postForm(f.tokenUrl(fx.server), { grant_type: grant, ...params }, authorization)).status);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("token survives bodies that are not forms", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"),
        nasty,
        async (type, body) => {
          ok((await f.http(f.tokenUrl(fx.server), { method: "POST", headers: { "content-type": type }, body })).status);
        },
      ),
      { numRuns: RUNS / 2 },
    );
  });

  it("userinfo, introspection and revocation answer every token with a valid answer or a 4xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        nasty,
        fc.constantFrom("Bearer ", "bearer ", "DPoP ", "Basic ", ""),
        fc.constantFrom("access_token", "refresh_token", "", "x"),
        async (token, scheme, hint) => {
          // biome-ignore lint/suspicious/noControlCharactersInRegex: strips what a header cannot carry, control characters included.
          const header = `${scheme}${token}`.replace(/[\r\n\u0000-\u001f\u007f-\uffff]/g, "");
          ok((await f.http(`${fx.server.issuer}/oauth2/userinfo`, { headers: { authorization: header } })).status);
          const auth = f.basic(fx.confidential.client_id, fx.confidential.client_secret);
          ok((await f.postForm(`${fx.server.issuer}/oauth2/introspect`, { token, token_type_hint: hint }, auth)).status);
          ok((await f.postForm(`${fx.server.issuer}/oauth2/revoke`, { token, token_type_hint: hint }, auth)).status);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("end-session answers every parameter set without a server error", async () => {
    await fc.assert(
      fc.asyncProperty(paramsOf(["id_token_hint", "post_logout_redirect_uri", "state", "client_id", "ui_locales"]), async (params) => {
        ok((await f.http(`${fx.server.issuer}/oauth2/end-session?${new URLSearchParams(params).toString()}`)).status);
      }),
      { numRuns: RUNS / 2 },
    );
  });

  it("sign-in, sign-up and consent answer every JSON body with a valid answer or a 4xx", async () => {
    const body = fc.oneof(
      fc.dictionary(
        fc.constantFrom("email", "password", "name", "callbackURL", "rememberMe", "oauth_query", "accept", "scope"),
        fc.oneof(nasty, fc.boolean(), fc.integer(), fc.constant(null)),
        { maxKeys: 6 },
      ),
      fc.json().map((json) => JSON.parse(json) as unknown),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("/api/auth/sign-in/email", "/api/auth/sign-up/email", "/api/auth/oauth2/consent"), body, async (path, payload) => {
        const response = await f.http(`${fx.server.url}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: f.TEST_WEB_URL },
          body: JSON.stringify(payload),
        });
        ok(response.status);
      }),
      { numRuns: RUNS },
    );
  });
});
