import { testDatabaseKinds } from "@iam/db/testing";
import type { Where } from "better-auth/adapters";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { day, openAdapterFixture, seedUsers } from "./adapter-fixture.ts";
import type { AdapterFixture, AuthAdapter } from "./adapter-fixture.ts";

/**
 * The same calls through this adapter and through @better-auth/drizzle-adapter 1.7.5 (what ran
 * before) on one database: same answers, same stored rows. LIKE wildcards in values are left out:
 * this adapter matches them literally, the Drizzle adapter as wildcards.
 */
const byId = <T extends { id?: unknown }>(rows: T[]) => [...rows].sort((a, b) => String(a.id).localeCompare(String(b.id)));

const wheres: Where[][] = [
  [{ field: "name", value: "Linus" }],
  [{ field: "role", value: null }],
  [{ field: "role", operator: "ne", value: null }],
  [{ field: "role", operator: "ne", value: "user" }],
  [{ field: "banned", value: false }],
  [{ field: "createdAt", operator: "lt", value: day(61) }],
  [{ field: "createdAt", operator: "lte", value: day(61) }],
  [{ field: "createdAt", operator: "gt", value: day(32) }],
  [{ field: "createdAt", operator: "gte", value: day(32) }],
  [{ field: "role", operator: "in", value: ["admin", "user"] }],
  [{ field: "role", operator: "in", value: [] }],
  [{ field: "role", operator: "not_in", value: ["admin"] }],
  [{ field: "role", operator: "not_in", value: [] }],
  [{ field: "email", operator: "contains", value: "example" }],
  [{ field: "name", operator: "starts_with", value: "al" }],
  [{ field: "email", operator: "ends_with", value: ".org" }],
  [{ field: "email", value: "GRACE@example.ORG", mode: "insensitive" }],
  [{ field: "name", operator: "ne", value: "LINUS", mode: "insensitive" }],
  [{ field: "name", operator: "in", value: ["ADA LOVELACE", "linus"], mode: "insensitive" }],
  [{ field: "name", operator: "not_in", value: ["ADA LOVELACE"], mode: "insensitive" }],
  [{ field: "email", operator: "contains", value: "EXAMPLE", mode: "insensitive" }],
  [
    { field: "role", value: "admin" },
    { field: "name", value: "Linus", connector: "OR" },
  ],
  [
    { field: "banned", value: false },
    { field: "role", value: "admin", connector: "OR" },
    { field: "role", value: "user", connector: "OR" },
  ],
  [
    { field: "role", value: "admin", connector: "OR" },
    { field: "emailVerified", value: false, connector: "OR" },
  ],
  [{ field: "name", value: "Linus", connector: "OR" }],
  [
    { field: "emailVerified", value: true },
    { field: "banned", value: false },
    { field: "role", operator: "ne", value: null },
  ],
];

const client = (clientId: string) => ({
  clientId,
  clientSecret: "hashed-secret",
  disabled: false,
  skipConsent: null,
  redirectUris: ["https://rp.example/cb", 'quote"s', "comma,{brace}", "back\\slash", ""],
  scopes: [],
  grantTypes: ["authorization_code"],
  metadata: JSON.stringify({ software: "x", list: [1, null] }),
  createdAt: day(5),
  updatedAt: day(6),
});

describe.each(testDatabaseKinds())("SQL adapter matches the Drizzle adapter ($label)", (kind) => {
  let fx: AdapterFixture;
  let both: [AuthAdapter, AuthAdapter];

  beforeAll(async () => {
    fx = await openAdapterFixture(kind);
    both = [fx.adapter, fx.drizzle];
  });
  afterAll(async () => fx?.close());
  beforeEach(async () => fx.reset());

  it("answers every where, sort, limit, offset, select and count alike", async () => {
    await seedUsers(fx.drizzle);
    for (const where of wheres) {
      const [ours, theirs] = await Promise.all(both.map(async (adapter) => byId(await adapter.findMany<{ id: string }>({ model: "user", where }))));
      expect(ours, JSON.stringify(where)).toEqual(theirs);
      const [ourCount, theirCount] = await Promise.all(both.map((adapter) => adapter.count({ model: "user", where })));
      expect(ourCount, JSON.stringify(where)).toBe(theirCount);
    }
    const page = { model: "user", sortBy: { field: "createdAt", direction: "desc" }, limit: 2, offset: 1, select: ["email", "createdAt"] } as const;
    const [ours, theirs] = await Promise.all(both.map((adapter) => adapter.findMany({ ...page, select: [...page.select] })));
    expect(ours).toEqual(theirs);
    const one = { model: "user", where: [{ field: "email", value: "ada@example.com" }], select: ["name", "banExpires", "emailVerified"] };
    const [ourOne, theirOne] = await Promise.all(both.map((adapter) => adapter.findOne(one)));
    expect(ourOne).toEqual(theirOne);
  });

  it("stores the same rows and each reads the other's rows the same way", async () => {
    await fx.drizzle.create({ model: "oauthClient", data: client("by-drizzle") });
    await fx.adapter.create({ model: "oauthClient", data: client("by-sql") });
    for (const [adapter, label] of [
      [fx.adapter, "sql"],
      [fx.drizzle, "drizzle"],
    ] as const) {
      await adapter.create({
        model: "oauthAccessToken",
        data: { token: `t-${label}`, clientId: "by-drizzle", scopes: ["openid", "email"], confirmation: { jkt: "x" }, expiresAt: day(9), createdAt: day(8) },
      });
      await adapter.create({ model: "rateLimit", data: { key: `k-${label}`, count: 3, lastRequest: 1_733_000_000_123 } });
    }
    // Byte for byte in the database, apart from ids and the keys set apart on purpose.
    const stored = async (table: string, key: string) =>
      (await fx.database.sql.query(`SELECT to_jsonb(t) - 'id' - '${key}' AS row FROM ${table} t ORDER BY ${key}`, [])).rows.map((row) => row.row);
    for (const [table, key] of [
      ["oauth_client", "client_id"],
      ["oauth_access_token", "token"],
      ["rate_limit", "key"],
    ] as const) {
      const [first, second] = await stored(table, key);
      expect(first, table).toEqual(second);
    }
    const reads: [string, Where[]][] = [
      ["oauthClient", [{ field: "clientId", operator: "in", value: ["by-drizzle", "by-sql"] }]],
      ["oauthAccessToken", [{ field: "clientId", value: "by-drizzle" }]],
      ["rateLimit", [{ field: "count", value: 3 }]],
    ];
    for (const [model, where] of reads) {
      const [ours, theirs] = await Promise.all(both.map(async (adapter) => byId(await adapter.findMany<{ id: string }>({ model, where }))));
      expect(ours, model).toEqual(theirs);
      expect(ours).toHaveLength(2);
    }
  });

  it("returns the same from update, updateMany, delete, deleteMany, consumeOne and incrementOne", async () => {
    await seedUsers(fx.drizzle);
    const update = { role: "editor", banned: true, banExpires: day(90), updatedAt: day(70) };
    const [ours, theirs] = await Promise.all(
      both.map((adapter, index) =>
        adapter.update({ model: "user", where: [{ field: "email", value: index ? "ada@example.com" : "linus@example.net" }], update }),
      ),
    );
    expect({ ...(ours as object), id: 0, name: 0, email: 0, createdAt: 0, emailVerified: 0 }).toEqual({
      ...(theirs as object),
      id: 0,
      name: 0,
      email: 0,
      createdAt: 0,
      emailVerified: 0,
    });
    const missing = [{ field: "email", value: "nobody@example.com" }];
    expect(await Promise.all(both.map((adapter) => adapter.update({ model: "user", where: missing, update })))).toEqual([null, null]);
    expect(await fx.adapter.updateMany({ model: "user", where: [{ field: "role", value: "editor" }], update: { banReason: "a" } })).toBe(
      await fx.drizzle.updateMany({ model: "user", where: [{ field: "role", value: "editor" }], update: { banReason: "b" } }),
    );
    for (const adapter of both)
      await adapter.create({ model: "verification", data: { identifier: "same", value: "v", expiresAt: day(3), createdAt: day(2), updatedAt: day(2) } });
    const consumed = [];
    for (const adapter of both)
      consumed.push(await adapter.consumeOne<Record<string, unknown>>({ model: "verification", where: [{ field: "identifier", value: "same" }] }));
    expect(consumed[0]).toEqual({ ...consumed[1], id: consumed[0]?.id });
    expect(await Promise.all(both.map((adapter) => adapter.consumeOne({ model: "verification", where: [{ field: "identifier", value: "same" }] })))).toEqual([
      null,
      null,
    ]);
    for (const adapter of both) await adapter.create({ model: "rateLimit", data: { key: `rl-${adapter.id}`, count: 1, lastRequest: 5 } });
    const incremented = await Promise.all(
      both.map((adapter) =>
        adapter.incrementOne<Record<string, unknown>>({
          model: "rateLimit",
          where: [{ field: "key", value: `rl-${adapter.id}` }],
          increment: { count: 4 },
          set: { lastRequest: 9 },
        }),
      ),
    );
    expect(incremented.map((row) => ({ ...row, id: 0, key: 0 }))).toEqual([
      { id: 0, key: 0, count: 5, lastRequest: 9 },
      { id: 0, key: 0, count: 5, lastRequest: 9 },
    ]);
    expect(await fx.adapter.deleteMany({ model: "user", where: [{ field: "role", value: "user" }] })).toBe(1);
    expect(await fx.drizzle.deleteMany({ model: "user", where: [{ field: "role", value: "editor" }] })).toBe(2);
    await Promise.all(both.map((adapter) => adapter.delete({ model: "user", where: [{ field: "role", value: "nobody" }] })));
    expect(await fx.adapter.count({ model: "user" })).toBe(1);
  });
});
