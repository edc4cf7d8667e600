import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverClient, registerClient, runCodeFlow, signInAdmin, signUp, testDatabaseKinds, startTestServerOn } from "@iam/testing";
import type { BrowserAgent, TestServer } from "@iam/testing";

/**
 * The oauth-provider patch reads a client and a user once per request on the read-only OAuth
 * endpoints (upstream 1.7.5 read the client twice for introspection and the user twice for
 * userinfo). Counted at the server's own SQL executor, which Better Auth's adapter goes through.
 * With the read path on (the default), a live token takes one statement in all.
 */
describe.each(
  testDatabaseKinds().flatMap((kind) => [
    { kind, readPath: false, name: `${kind.label}, plugin path` },
    { kind, readPath: true, name: `${kind.label}, read path` },
  ]),
)("one client and one user lookup per request on $name", ({ kind, readPath }) => {
  let server: TestServer;
  let user: BrowserAgent;
  let config: oidc.Configuration;
  let statements: string[] = [];

  beforeAll(async () => {
    server = await startTestServerOn(kind, { resourceReadPath: readPath });
    user = await signUp(server, "lookups@test.example", "lookups-password-123", "Lookup Example");
    const admin = await signInAdmin(server);
    const client = await registerClient(server, admin, {
      grant_types: ["authorization_code", "client_credentials"],
      client_credentials_scopes: ["api:read"],
      skip_consent: true,
    });
    config = await discoverClient(server, client);
    const executor = server.database.sql;
    const query = executor.query.bind(executor);
    executor.query = (text, params) => {
      statements.push(text);
      return query(text, params);
    };
  });
  afterAll(async () => {
    await server?.close();
  });

  const reads = (table: string) => statements.filter((text) => text.startsWith("SELECT") && text.includes(` FROM "${table}"`)).length;

  it("userinfo reads the user once and still answers with the user's claims", async () => {
    const { tokens } = await runCodeFlow(config, user, "openid profile email");
    statements = [];
    const claims = await oidc.fetchUserInfo(config, tokens.access_token, oidc.skipSubjectCheck);
    expect(claims).toMatchObject({ email: "lookups@test.example", name: "Lookup Example" });
    if (readPath) expect(statements).toHaveLength(1);
    else {
      expect(reads("user")).toBe(1);
      expect(reads("oauth_client")).toBe(1);
    }
  });

  it("introspection by the token's own client reads that client once", async () => {
    const tokens = await oidc.clientCredentialsGrant(config, { scope: "api:read" });
    statements = [];
    const introspection = await oidc.tokenIntrospection(config, tokens.access_token);
    expect(introspection).toMatchObject({ active: true, client_id: config.clientMetadata().client_id });
    if (readPath) expect(statements).toHaveLength(1);
    else expect(reads("oauth_client")).toBe(1);
  });
});
