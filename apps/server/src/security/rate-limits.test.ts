import { randomBytes } from "node:crypto";
import { rateLimit } from "@iam/db/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RATE_LIMITS } from "../rate-limit/limits.ts";
import { registerClient, testDatabaseKinds } from "@iam/testing";
import * as f from "./fixture.ts";

type Server = f.SecurityFixture["server"];

function signIn(server: Server, email: string, password: string, address: string): Promise<f.HttpResult> {
  return f.http(`${server.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: f.TEST_WEB_URL, "x-forwarded-for": address },
    body: JSON.stringify({ email, password }),
  });
}

async function signUpFrom(server: Server, address: string): Promise<{ email: string; password: string }> {
  const person = { email: `person-${randomBytes(4).toString("hex")}@test.example`, password: `pw-${randomBytes(9).toString("base64url")}` };
  const response = await f.http(`${server.url}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: f.TEST_WEB_URL, "x-forwarded-for": address },
    body: JSON.stringify({ ...person, name: "Person" }),
  });
  if (response.status !== 200) throw new Error(`sign-up failed: ${response.status} ${response.body}`);
  return person;
}

function expectReadable429(response: f.HttpResult): void {
  expect(response.status).toBe(429);
  expect(response.headers.get("content-type")).toContain("application/json");
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
}

let nextAddress = 1;
/** A fresh documentation address per use, so tests do not share per-address windows. */
function address(): string {
  const n = nextAddress++;
  return `198.51.${Math.floor(n / 250)}.${(n % 250) + 1}`;
}

describe.each(testDatabaseKinds())("rate limits on $label", (kind) => {
  let fx: f.SecurityFixture;
  const limits = { ...DEFAULT_RATE_LIMITS, addressSignInFailures: { max: 10, windowSeconds: 300 } };

  beforeAll(async () => {
    // The loopback address is a trusted proxy here, so X-Forwarded-For picks the client address.
    fx = await f.startSecurityFixture(kind, { rateLimit: true, rateLimits: limits, trustedProxies: ["127.0.0.1", "::1"] });
  });
  afterAll(() => f.closeExpectingNoServerErrors(fx));

  describe("per-account lockout", () => {
    it("checks at most 5 of 12 concurrent wrong passwords for one account from several addresses", async () => {
      const person = await signUpFrom(fx.server, address());
      const addresses = [address(), address(), address(), address()];
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, attempt) => signIn(fx.server, person.email, `wrong-${attempt}`, addresses[attempt % 4]!)),
      );
      const statuses = results.map((result) => result.status).sort();
      expect(statuses.filter((status) => status === 401)).toHaveLength(5);
      expect(statuses.filter((status) => status === 429)).toHaveLength(7);
      for (const refused of results.filter((result) => result.status === 429)) expectReadable429(refused);
      // Locked: even the right password is refused, from yet another address.
      expectReadable429(await signIn(fx.server, person.email, person.password, address()));
    });

    it("stays locked after Better Auth prunes its rate_limit table and after other accounts' failures", async () => {
      const person = await signUpFrom(fx.server, address());
      for (let attempt = 0; attempt < 5; attempt++) expect((await signIn(fx.server, person.email, `wrong-${attempt}`, address())).status).toBe(401);
      // Better Auth deletes rate_limit rows older than its longest window (60 s) whenever a window
      // starts over; here every row goes at once, as after a minute of other traffic.
      await fx.server.database.db.delete(rateLimit);
      expect((await signIn(fx.server, `nobody-${randomBytes(3).toString("hex")}@test.example`, "wrong", address())).status).toBe(401);
      expectReadable429(await signIn(fx.server, person.email, person.password, address()));
    });

    it("starts over after a successful sign-in", async () => {
      const person = await signUpFrom(fx.server, address());
      for (let attempt = 0; attempt < 4; attempt++) expect((await signIn(fx.server, person.email, `wrong-${attempt}`, address())).status).toBe(401);
      expect((await signIn(fx.server, person.email, person.password, address())).status).toBe(200);
      for (let attempt = 0; attempt < 4; attempt++) expect((await signIn(fx.server, person.email, `again-${attempt}`, address())).status).toBe(401);
    });
  });

  describe("per-address sign-in limits", () => {
    it("lets many different people sign in from one address (and mistype now and then)", async () => {
      const office = address();
      const people: { email: string; password: string }[] = [];
      for (let n = 0; n < 12; n++) people.push(await signUpFrom(fx.server, address()));
      const statuses: number[] = [];
      for (const [n, person] of people.entries()) {
        if (n % 3 === 0) statuses.push((await signIn(fx.server, person.email, "typo-typo-typo", office)).status);
        statuses.push((await signIn(fx.server, person.email, person.password, office)).status);
      }
      expect(statuses.filter((status) => status === 200)).toHaveLength(12);
      expect(statuses.filter((status) => status === 429)).toEqual([]);
    });

    it("throttles failed sign-ins from one address across accounts (credential stuffing) with JSON 429 and Retry-After", async () => {
      const stuffer = address();
      const statuses: number[] = [];
      for (let attempt = 0; attempt < limits.addressSignInFailures.max; attempt++) {
        statuses.push((await signIn(fx.server, `victim-${attempt}@test.example`, "leaked-password", stuffer)).status);
      }
      expect(statuses).toEqual(Array(limits.addressSignInFailures.max).fill(401));
      const refused = await signIn(fx.server, "victim-next@test.example", "leaked-password", stuffer);
      expectReadable429(refused);
      // The address is the problem, not the account: the same account signs in from elsewhere.
      expect((await signIn(fx.server, fx.userEmail, fx.userPassword, address())).status).toBe(200);
    });
  });

  describe("OAuth endpoints", () => {
    it("lets a relying party's burst of normal traffic from one address through", async () => {
      const client = fx.confidential;
      const authorization = f.basic(client.client_id, client.client_secret);
      // 25 code exchanges (Better Auth's default: 20 token requests per minute per address).
      const tokens: f.TokenSet[] = [];
      for (let n = 0; n < 25; n++) tokens.push(await f.issueTokens(fx.server, fx.user, client, "openid profile"));
      // 150 introspections (Better Auth's default: 100 per minute per address), ten at a time.
      for (let batch = 0; batch < 15; batch++) {
        const answers = await Promise.all(
          tokens.slice(0, 10).map((set) => f.postForm(`${fx.server.issuer}/oauth2/introspect`, { token: set.access_token }, authorization)),
        );
        expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
      }
      // and client credentials on top
      for (let n = 0; n < 10; n++) {
        expect((await f.postForm(f.tokenUrl(fx.server), { grant_type: "client_credentials", scope: "api:read" }, authorization)).status).toBe(200);
      }
    });

    it("throttles failed client authentication from one address with a JSON OAuth error and Retry-After", async () => {
      const attacker = address();
      const client = fx.confidential;
      const attempt = (secret: string, from: string) =>
        f.http(f.tokenUrl(fx.server), {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", authorization: f.basic(client.client_id, secret), "x-forwarded-for": from },
          body: new URLSearchParams({ grant_type: "client_credentials", scope: "api:read" }).toString(),
        });
      const statuses: number[] = [];
      for (let n = 0; n < limits.addressClientAuthFailures.max; n++) statuses.push((await attempt(`guess-${n}`, attacker)).status);
      expect(statuses).toEqual(Array(limits.addressClientAuthFailures.max).fill(401));
      const refused = await attempt("guess-next", attacker);
      expectReadable429(refused);
      expect(refused.json.error).toBe("temporarily_unavailable");
      expect(typeof refused.json.error_description).toBe("string");
      // The same holds at introspection, for the attacker's address only.
      const introspection = await f.http(`${fx.server.issuer}/oauth2/introspect`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", authorization: f.basic(client.client_id, "guess"), "x-forwarded-for": attacker },
        body: "token=x",
      });
      expectReadable429(introspection);
      // And at the device authorization endpoint (RFC 8628), which authenticates clients too.
      const deviceCode = await f.http(`${fx.server.issuer}/device/code`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", authorization: f.basic(client.client_id, "guess"), "x-forwarded-for": attacker },
        body: new URLSearchParams({ client_id: client.client_id, scope: "openid" }).toString(),
      });
      expectReadable429(deviceCode);
      expect((await attempt(client.client_secret!, address())).status).toBe(200);
    });
  });
});

describe.each(testDatabaseKinds())("per-client volume on $label", (kind) => {
  let fx: f.SecurityFixture;
  beforeAll(async () => {
    fx = await f.startSecurityFixture(kind, {
      rateLimit: true,
      rateLimits: { ...DEFAULT_RATE_LIMITS, clientRequests: { max: 5, windowSeconds: 60 } },
      trustedProxies: ["127.0.0.1", "::1"],
    });
  });
  afterAll(() => f.closeExpectingNoServerErrors(fx));

  it("refuses a client past its configured volume with a JSON OAuth error, and only that client", async () => {
    const authorization = f.basic(fx.confidential.client_id, fx.confidential.client_secret);
    const grant = () => f.postForm(f.tokenUrl(fx.server), { grant_type: "client_credentials", scope: "api:read" }, authorization);
    for (let n = 0; n < 5; n++) expect((await grant()).status).toBe(200);
    const refused = await grant();
    expectReadable429(refused);
    expect(refused.json.error).toBe("temporarily_unavailable");
    const other = await f.postForm(f.tokenUrl(fx.server), { grant_type: "refresh_token", refresh_token: "unknown", client_id: fx.publicClient.client_id });
    expect(other.status).toBe(400);
  });

  it("does not let wrong secrets sent in a confidential client's name use up its volume", async () => {
    const client = await registerClient(fx.server, fx.admin, {
      grant_types: ["client_credentials"],
      client_credentials_scopes: ["api:read"],
      token_endpoint_auth_method: "client_secret_basic",
    });
    const grant = (secret: string, from: string) =>
      f.http(f.tokenUrl(fx.server), {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", authorization: f.basic(client.client_id, secret), "x-forwarded-for": from },
        body: "grant_type=client_credentials&scope=api%3Aread",
      });
    for (let n = 0; n < 8; n++) expect((await grant("wrong-secret", address())).status).toBe(401);
    expect((await grant(client.client_secret ?? "", address())).status).toBe(200);
  });

  it("keeps a public client's volume per address: a flood in its name from one address leaves its other users alone", async () => {
    const attacker = address();
    const refresh = (from: string) =>
      f.http(f.tokenUrl(fx.server), {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": from },
        body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: "garbage", client_id: fx.publicClient.client_id }).toString(),
      });
    for (let n = 0; n < 5; n++) expect((await refresh(attacker)).status).toBe(400);
    expectReadable429(await refresh(attacker));
    const other = await refresh(address());
    expect(other.status, other.body).toBe(400);
  });
});
