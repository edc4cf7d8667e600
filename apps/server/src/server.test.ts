import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jwks, user } from "@iam/db/schema";
import { createDatabase } from "@iam/db";
import type { DatabaseTarget } from "@iam/db";
import * as oidc from "openid-client";
import { afterAll, describe, expect, it } from "vitest";
import { discoverClient, registerClient, signInAdmin, testDatabaseKinds, startTestServer, TEST_ADMIN } from "@iam/testing";

async function countRows(target: DatabaseTarget) {
  const database = createDatabase(target);
  try {
    const users = await database.db.select({ email: user.email, role: user.role }).from(user);
    const keys = await database.db.select({ id: jwks.id }).from(jwks);
    return { users, keys: keys.length };
  } finally {
    await database.close();
  }
}

describe("server lifecycle on PGlite in a directory", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "iam-pglite-"));
  const target: DatabaseTarget = { kind: "pglite", dataDir };
  const secret = "a-fixed-secret-for-restart-tests-0123456789";
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("keeps clients, keys and the admin across restarts, and bootstraps the admin only once", async () => {
    const first = await startTestServer(target, { secret });
    const client = await registerClient(first, await signInAdmin(first), {
      grant_types: ["client_credentials"],
      redirect_uris: undefined,
      client_credentials_scopes: ["api:read"],
    });
    const keysBefore = (await (await fetch(`${first.issuer}/jwks`)).json()) as { keys: { kid: string }[] };
    await first.close();

    const second = await startTestServer(target, { secret });
    try {
      const keysAfter = (await (await fetch(`${second.issuer}/jwks`)).json()) as { keys: { kid: string }[] };
      expect(keysAfter.keys.map((key) => key.kid)).toEqual(keysBefore.keys.map((key) => key.kid));
      const config = await discoverClient(second, client);
      const tokens = await oidc.clientCredentialsGrant(config, { scope: "api:read" });
      expect(tokens.access_token).toEqual(expect.any(String));
      await signInAdmin(second);
    } finally {
      await second.close();
    }

    const rows = await countRows(target);
    expect(rows.users).toEqual([{ email: TEST_ADMIN.email, role: "admin" }]);
    expect(rows.keys).toBe(1);
  });

  it("in development with no admin configured, creates one admin the first time only", async () => {
    const devDir = mkdtempSync(join(tmpdir(), "iam-pglite-dev-"));
    const devTarget: DatabaseTarget = { kind: "pglite", dataDir: devDir };
    try {
      for (let boot = 0; boot < 2; boot++) {
        const server = await startTestServer(devTarget, { secret, admin: "generate" });
        await server.close();
      }
      const rows = await countRows(devTarget);
      expect(rows.users).toEqual([{ email: "admin@example.com", role: "admin" }]);
    } finally {
      rmSync(devDir, { recursive: true, force: true });
    }
  });
});

const postgresKind = testDatabaseKinds().find((kind) => kind.label === "postgres");

// PGlite is one process's database; this concerns PostgreSQL only (CI sets TEST_DATABASE_URL).
if (postgresKind)
  describe("two instances on one PostgreSQL database", () => {
    it("start at once, both serve, and boot work happens exactly once", async () => {
      const database = await postgresKind!.create();
      const secret = "a-shared-secret-for-both-instances-0123456789";
      try {
        const servers = await Promise.all([startTestServer(database.target, { secret }), startTestServer(database.target, { secret })]);
        try {
          for (const server of servers) {
            const response = await fetch(`${server.issuer}/.well-known/openid-configuration`);
            expect(response.status).toBe(200);
            expect(((await response.json()) as { issuer: string }).issuer).toBe(server.issuer);
            expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
          }
          // A client registered on one instance works on the other.
          const [first, second] = servers as [(typeof servers)[0], (typeof servers)[0]];
          const client = await registerClient(first, await signInAdmin(first), {
            grant_types: ["client_credentials"],
            redirect_uris: undefined,
            client_credentials_scopes: ["api:read"],
          });
          const tokens = await oidc.clientCredentialsGrant(await discoverClient(second, client), { scope: "api:read" });
          expect(tokens.access_token).toEqual(expect.any(String));
        } finally {
          await Promise.all(servers.map((server) => server.close()));
        }
        const rows = await countRows(database.target);
        expect(rows.users).toHaveLength(1);
        expect(rows.keys).toBe(1);
      } finally {
        await database.dispose();
      }
    });
  });
