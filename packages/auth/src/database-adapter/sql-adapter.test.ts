import { testDatabaseKinds } from "@iam/db/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { day, namesWhere, openAdapterFixture, seedUsers } from "./adapter-fixture.ts";
import type { AdapterFixture, SeededUser } from "./adapter-fixture.ts";
import { sqlAdapter } from "./sql-adapter.ts";

describe.each(testDatabaseKinds())("SQL adapter: queries ($label)", (kind) => {
  let fx: AdapterFixture;
  let users: Record<"ada" | "alan" | "grace" | "linus", SeededUser>;
  const names = (where: Parameters<typeof namesWhere>[1]) => namesWhere(fx.adapter, where);

  beforeAll(async () => {
    fx = await openAdapterFixture(kind);
  });
  afterAll(async () => fx?.close());
  beforeEach(async () => {
    await fx.reset();
    users = await seedUsers(fx.adapter);
  });

  it("compares with eq, ne, lt, lte, gt, gte on text, booleans and dates", async () => {
    expect(await names([{ field: "name", value: "Linus" }])).toEqual(["Linus"]);
    expect(await names([{ field: "role", operator: "ne", value: "user" }])).toEqual(["Ada Lovelace"]);
    expect(await names([{ field: "banned", value: true }])).toEqual(["alan turing"]);
    expect(await names([{ field: "createdAt", operator: "lt", value: day(32) }])).toEqual(["Ada Lovelace"]);
    expect(await names([{ field: "createdAt", operator: "lte", value: day(32) }])).toEqual(["Ada Lovelace", "alan turing"]);
    expect(await names([{ field: "createdAt", operator: "gt", value: day(61) }])).toEqual(["Linus"]);
    expect(await names([{ field: "createdAt", operator: "gte", value: day(61) }])).toEqual(["Grace_Hopper 100%", "Linus"]);
  });

  it("reads eq null as IS NULL and ne null as IS NOT NULL", async () => {
    expect(await names([{ field: "role", value: null }])).toEqual(["Grace_Hopper 100%"]);
    expect(await names([{ field: "role", operator: "ne", value: null }])).toEqual(["Ada Lovelace", "Linus", "alan turing"]);
    expect(await names([{ field: "banExpires", operator: "ne", value: null }])).toEqual(["alan turing"]);
  });

  it("matches lists with in and not_in, empty lists included", async () => {
    expect(await names([{ field: "role", operator: "in", value: ["admin", "user"] }])).toEqual(["Ada Lovelace", "Linus", "alan turing"]);
    expect(await names([{ field: "role", operator: "in", value: [] }])).toEqual([]);
    expect(await names([{ field: "role", operator: "not_in", value: ["user"] }])).toEqual(["Ada Lovelace"]);
    // As the Drizzle adapter: not_in of nothing is true, even for a NULL.
    expect(await names([{ field: "role", operator: "not_in", value: [] }])).toHaveLength(4);
    expect(await names([{ field: "id", operator: "in", value: [users.ada.id, users.linus.id, "missing"] }])).toEqual(["Ada Lovelace", "Linus"]);
  });

  it("matches patterns literally with contains, starts_with and ends_with", async () => {
    expect(await names([{ field: "email", operator: "contains", value: "example" }])).toEqual(["Ada Lovelace", "Linus", "alan turing"]);
    expect(await names([{ field: "name", operator: "starts_with", value: "al" }])).toEqual(["alan turing"]);
    expect(await names([{ field: "email", operator: "ends_with", value: ".org" }])).toEqual(["Grace_Hopper 100%"]);
    // `_` and `%` are characters here, not wildcards.
    expect(await names([{ field: "name", operator: "contains", value: "_" }])).toEqual(["Grace_Hopper 100%"]);
    expect(await names([{ field: "name", operator: "ends_with", value: "0%" }])).toEqual(["Grace_Hopper 100%"]);
    expect(await names([{ field: "name", operator: "starts_with", value: "%" }])).toEqual([]);
  });

  it("ignores case in mode insensitive, for strings only", async () => {
    const insensitive = "insensitive" as const;
    expect(await names([{ field: "email", value: "GRACE@example.ORG", mode: insensitive }])).toEqual(["Grace_Hopper 100%"]);
    expect(await names([{ field: "name", operator: "ne", value: "LINUS", mode: insensitive }])).toEqual(["Ada Lovelace", "Grace_Hopper 100%", "alan turing"]);
    expect(await names([{ field: "name", operator: "in", value: ["ADA LOVELACE", "linus"], mode: insensitive }])).toEqual(["Ada Lovelace", "Linus"]);
    expect(await names([{ field: "name", operator: "not_in", value: ["ADA LOVELACE"], mode: insensitive }])).toEqual([
      "Grace_Hopper 100%",
      "Linus",
      "alan turing",
    ]);
    expect(await names([{ field: "email", operator: "contains", value: "EXAMPLE", mode: insensitive }])).toHaveLength(4);
    expect(await names([{ field: "name", operator: "starts_with", value: "AL", mode: insensitive }])).toEqual(["alan turing"]);
    expect(await names([{ field: "email", operator: "ends_with", value: ".ORG", mode: insensitive }])).toEqual(["Grace_Hopper 100%"]);
    expect(await names([{ field: "email", value: "GRACE@example.ORG" }])).toEqual([]);
  });

  it("combines AND and OR connectors as the Drizzle adapter does", async () => {
    // role = admin AND (name = Linus): the OR group is and-ed with the AND group.
    expect(
      await names([
        { field: "role", value: "admin" },
        { field: "name", value: "Linus", connector: "OR" },
      ]),
    ).toEqual([]);
    expect(
      await names([
        { field: "banned", value: false },
        { field: "role", value: "admin", connector: "OR" },
        { field: "role", value: "user", connector: "OR" },
      ]),
    ).toEqual(["Ada Lovelace", "Linus"]);
    expect(
      await names([
        { field: "role", value: "admin", connector: "OR" },
        { field: "role", value: "user", connector: "OR" },
      ]),
    ).toEqual(["Ada Lovelace", "Linus", "alan turing"]);
    expect(await names([{ field: "name", value: "Linus", connector: "OR" }])).toEqual(["Linus"]);
  });

  it("sorts, limits, offsets and selects", async () => {
    const page = await fx.adapter.findMany<{ name: string }>({ model: "user", sortBy: { field: "createdAt", direction: "desc" }, limit: 2, offset: 1 });
    expect(page.map((row) => row.name)).toEqual(["Grace_Hopper 100%", "alan turing"]);
    const ascending = await fx.adapter.findMany<{ name: string }>({ model: "user", sortBy: { field: "createdAt", direction: "asc" }, limit: 3 });
    expect(ascending.map((row) => row.name)).toEqual(["Ada Lovelace", "alan turing", "Grace_Hopper 100%"]);
    expect(await fx.adapter.findMany({ model: "user", limit: 10, offset: 4 })).toEqual([]);
    const selected = await fx.adapter.findMany<Record<string, unknown>>({ model: "user", where: [{ field: "id", value: users.ada.id }], select: ["email"] });
    expect(selected).toHaveLength(1);
    expect(selected[0]?.email).toBe("ada@example.com");
    expect(selected[0]?.name).toBeUndefined();
    expect(await fx.adapter.findOne({ model: "user", where: [{ field: "id", value: users.linus.id }], select: ["name", "emailVerified"] })).toEqual({
      name: "Linus",
      emailVerified: true,
    });
    expect(await fx.adapter.findOne({ model: "user", where: [{ field: "email", value: "nobody@example.com" }] })).toBeNull();
  });

  it("counts with and without a condition", async () => {
    expect(await fx.adapter.count({ model: "user" })).toBe(4);
    expect(await fx.adapter.count({ model: "user", where: [{ field: "banned", value: false }] })).toBe(3);
    expect(await fx.adapter.count({ model: "session" })).toBe(0);
  });

  it("updates one row and returns it, or null; updateMany and deleteMany return counts", async () => {
    const updated = await fx.adapter.update<{ role: string | null; banReason: string | null; updatedAt: Date }>({
      model: "user",
      where: [{ field: "email", value: "alan@example.com" }],
      update: { role: null, banReason: "spam" },
    });
    expect(updated).toMatchObject({ role: null, banReason: "spam" });
    expect(updated?.updatedAt.getTime()).toBeGreaterThan(day(32).getTime());
    expect(await fx.adapter.update({ model: "user", where: [{ field: "email", value: "nobody@example.com" }], update: { role: "x" } })).toBeNull();
    expect(await fx.adapter.updateMany({ model: "user", where: [{ field: "banned", value: false }], update: { banReason: "none" } })).toBe(3);
    expect(await fx.adapter.updateMany({ model: "user", where: [{ field: "role", value: "nobody" }], update: { banReason: "x" } })).toBe(0);
    await fx.adapter.delete({ model: "user", where: [{ field: "id", value: users.grace.id }] });
    expect(await fx.adapter.count({ model: "user" })).toBe(3);
    // Alan's role is null now: only Linus is left with "user".
    expect(await fx.adapter.deleteMany({ model: "user", where: [{ field: "role", value: "user" }] })).toBe(1);
    expect(await fx.adapter.deleteMany({ model: "user", where: [{ field: "role", value: "user" }] })).toBe(0);
    expect(await names([])).toEqual(["Ada Lovelace", "alan turing"]);
  });

  it("consumes a row exactly once, even when callers race", async () => {
    const create = (value: string) =>
      fx.adapter.create<Record<string, unknown>, { id: string }>({ model: "verification", data: { identifier: "code", value, expiresAt: day(500) } });
    const first = await create("one");
    await create("two");
    const consumed = await Promise.all(
      Array.from({ length: 5 }, () =>
        fx.adapter.consumeOne<{ id: string; value: string }>({ model: "verification", where: [{ field: "id", value: first.id }] }),
      ),
    );
    expect(consumed.filter(Boolean)).toEqual([expect.objectContaining({ id: first.id, value: "one", expiresAt: day(500) })]);
    expect(await fx.adapter.consumeOne({ model: "verification", where: [{ field: "identifier", value: "code" }] })).toMatchObject({ value: "two" });
    expect(await fx.adapter.consumeOne({ model: "verification", where: [{ field: "identifier", value: "code" }] })).toBeNull();
  });

  it("increments under a guard, atomically, and returns the row or null", async () => {
    await fx.adapter.create({ model: "rateLimit", data: { key: "ip:1", count: 1, lastRequest: 1_700_000_000_123 } });
    const increments = await Promise.all(
      Array.from({ length: 5 }, (_, index) =>
        fx.adapter.incrementOne<{ count: number; lastRequest: number }>({
          model: "rateLimit",
          where: [{ field: "key", value: "ip:1" }],
          increment: { count: 2 },
          set: { lastRequest: 1_800_000_000_000 + index },
        }),
      ),
    );
    expect(increments.map((row) => row?.count ?? 0).sort((a, b) => a - b)).toEqual([3, 5, 7, 9, 11]);
    const row = await fx.adapter.findOne<{ count: number; lastRequest: number }>({ model: "rateLimit", where: [{ field: "key", value: "ip:1" }] });
    expect(row?.count).toBe(11);
    expect(typeof row?.lastRequest).toBe("number");
    // The refresh grant's guard: revoke only what is not revoked yet.
    const revoke = () =>
      fx.adapter.incrementOne<{ banned: boolean }>({
        model: "user",
        where: [
          { field: "id", value: users.ada.id },
          { field: "banReason", value: null },
        ],
        increment: {},
        set: { banReason: "revoked" },
      });
    expect(await revoke()).toMatchObject({ banReason: "revoked" });
    expect(await revoke()).toBeNull();
  });

  it("refuses unknown fields and surfaces database errors with their SQLSTATE and without the values", async () => {
    await expect(fx.adapter.findOne({ model: "user", where: [{ field: "nope", value: "x" }] })).rejects.toThrow();
    const secret = "secret-token-value-in-a-unique-column";
    await fx.adapter.create({ model: "session", data: { token: secret, userId: users.ada.id, expiresAt: day(500), createdAt: day(1), updatedAt: day(1) } });
    const error = (await fx.adapter
      .create({ model: "session", data: { token: secret, userId: users.ada.id, expiresAt: day(500), createdAt: day(1), updatedAt: day(1) } })
      .catch((caught: unknown) => caught)) as Error & { code?: string };
    expect(error.code).toBe("23505");
    expect(`${error.message}\n${error.stack}`).not.toContain(secret);
  });

  it("leaves join to Better Auth's factory, which fetches the joined rows itself", async () => {
    await fx.adapter.create({ model: "session", data: { token: "joined", userId: users.linus.id, expiresAt: day(500), createdAt: day(1), updatedAt: day(1) } });
    for (const joins of [false, true]) {
      const adapter = sqlAdapter(fx.database.sql)({ ...fx.auth.options, advanced: { ...fx.auth.options.advanced, database: { joins } } });
      const session = await adapter.findOne<{ user: { email: string } }>({
        model: "session",
        where: [{ field: "token", value: "joined" }],
        join: { user: true },
      });
      expect(session?.user.email).toBe("linus@example.net");
    }
  });
});
