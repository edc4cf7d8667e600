import { testDatabaseKinds } from "@iam/db/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { day, openAdapterFixture } from "./adapter-fixture.ts";
import type { AdapterFixture } from "./adapter-fixture.ts";

/** Values as the OAuth plugin writes them: arrays, a JSON string, booleans, dates, nulls. */
const clientData = {
  clientId: "client-1",
  clientSecret: null,
  disabled: false,
  skipConsent: true,
  enableEndSession: null,
  redirectUris: ["https://rp.example/cb", 'quote"s', "comma,and{braces}", "back\\slash", "", "ünïcødé"],
  scopes: [],
  contacts: null,
  grantTypes: ["authorization_code", "refresh_token"],
  metadata: JSON.stringify({ a: 1, nested: { list: [1, "two", null] } }),
  createdAt: day(3),
  updatedAt: day(4),
};

describe.each(testDatabaseKinds())("SQL adapter: values round-trip ($label)", (kind) => {
  let fx: AdapterFixture;

  beforeAll(async () => {
    fx = await openAdapterFixture(kind);
  });
  afterAll(async () => fx?.close());
  beforeEach(async () => fx.reset());

  it("returns what it stored: text arrays (empty and tricky), booleans, nulls, dates and JSON", async () => {
    const created = await fx.adapter.create<Record<string, unknown>, Record<string, unknown>>({ model: "oauthClient", data: clientData });
    const found = await fx.adapter.findOne<Record<string, unknown>>({ model: "oauthClient", where: [{ field: "clientId", value: "client-1" }] });
    for (const row of [created, found]) {
      expect(row).toMatchObject({ ...clientData, metadata: { a: 1, nested: { list: [1, "two", null] } } });
      expect(row?.createdAt).toBeInstanceOf(Date);
      // A column the plugin left out takes its SQL default.
      expect(row?.dpopBoundAccessTokens).toBe(false);
      expect(row?.clientCredentialsScopes).toEqual([]);
    }
  });

  it("stores JSON objects as jsonb and reads them back; a JSON null is SQL NULL", async () => {
    await fx.adapter.create({ model: "oauthClient", data: clientData });
    const data = { token: "t", clientId: "client-1", scopes: ["openid"], confirmation: { jkt: "thumbprint", n: 2 }, expiresAt: day(9), createdAt: day(8) };
    const token = await fx.adapter.create<Record<string, unknown>, Record<string, unknown>>({ model: "oauthAccessToken", data });
    expect(token.confirmation).toEqual({ jkt: "thumbprint", n: 2 });
    const { rows } = await fx.database.sql.query(`SELECT jsonb_typeof(confirmation) AS type FROM oauth_access_token`, []);
    expect(rows[0]?.type).toBe("object");
    await fx.adapter.update({ model: "oauthAccessToken", where: [{ field: "token", value: "t" }], update: { confirmation: null } });
    expect(await fx.adapter.findOne({ model: "oauthAccessToken", where: [{ field: "confirmation", value: null }], select: ["token"] })).toEqual({ token: "t" });
  });

  it("stores dates as UTC wall-clock time and reads them back exactly, whatever the session time zone", async () => {
    await fx.adapter.transaction(async (trx) => {
      // Inside the transaction, so the setting holds for the statements below (same connection).
      await fx.database.sql.query(`SET LOCAL TIME ZONE 'Pacific/Chatham'`, []);
      await trx.create({ model: "oauthClient", data: clientData });
      const row = await trx.findOne<{ createdAt: Date }>({ model: "oauthClient", where: [{ field: "clientId", value: "client-1" }], select: ["createdAt"] });
      expect(row?.createdAt.toISOString()).toBe("2024-01-03T12:30:15.123Z");
    });
    const { rows } = await fx.database.sql.query(`SELECT created_at::text AS text FROM oauth_client`, []);
    expect(rows[0]?.text).toBe("2024-01-03 12:30:15.123");
    const found = await fx.adapter.findMany<{ clientId: string }>({ model: "oauthClient", where: [{ field: "createdAt", value: day(3) }] });
    expect(found.map((row) => row.clientId)).toEqual(["client-1"]);
  });

  it("returns bigint and integer columns as numbers", async () => {
    const lastRequest = 1_733_000_000_123;
    await fx.adapter.create({ model: "rateLimit", data: { key: "k", count: 2_000_000_000, lastRequest } });
    const row = await fx.adapter.findOne<{ count: number; lastRequest: number }>({
      model: "rateLimit",
      where: [{ field: "lastRequest", operator: "gte", value: lastRequest }],
    });
    expect(row).toMatchObject({ count: 2_000_000_000, lastRequest });
    const resource = await fx.adapter.create<Record<string, unknown>, Record<string, unknown>>({
      model: "oauthResource",
      data: { identifier: "https://api.example", name: "API", accessTokenTtl: 3600, customClaims: { tier: "gold" } },
    });
    expect(resource).toMatchObject({ accessTokenTtl: 3600, policyVersion: 1, customClaims: { tier: "gold" }, disabled: false });
  });

  it("updates dates and booleans and clears values to null", async () => {
    await fx.adapter.create({ model: "oauthClient", data: clientData });
    const updated = await fx.adapter.update<Record<string, unknown>>({
      model: "oauthClient",
      where: [{ field: "clientId", value: "client-1" }],
      update: { disabled: true, skipConsent: null, updatedAt: day(30), redirectUris: ["https://other.example/cb"], metadata: null },
    });
    expect(updated).toMatchObject({ disabled: true, skipConsent: null, updatedAt: day(30), redirectUris: ["https://other.example/cb"], metadata: null });
  });
});
