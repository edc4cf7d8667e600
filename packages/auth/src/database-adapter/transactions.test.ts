import { getCurrentAdapter, runWithTransaction } from "@better-auth/core/context";
import { user } from "@iam/db/schema";
import { testDatabaseKinds } from "@iam/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { day, openAdapterFixture } from "./adapter-fixture.ts";
import type { AdapterFixture } from "./adapter-fixture.ts";

const person = (email: string) => ({ name: "Tx", email, emailVerified: false, createdAt: day(1), updatedAt: day(1) });

describe.each(testDatabaseKinds())("SQL adapter: transactions ($label)", (kind) => {
  let fx: AdapterFixture;
  const counts = async () => ({
    users: await fx.adapter.count({ model: "user" }),
    accounts: await fx.adapter.count({ model: "account" }),
    verifications: await fx.adapter.count({ model: "verification" }),
  });

  beforeAll(async () => {
    fx = await openAdapterFixture(kind);
  });
  afterAll(async () => fx?.close());
  beforeEach(async () => fx.reset());

  it("rolls back everything written when the callback throws", async () => {
    const failure = new Error("failed half-way");
    await expect(
      fx.adapter.transaction(async (trx) => {
        const created = await trx.create<Record<string, unknown>, { id: string }>({ model: "user", data: person("rollback@example.com") });
        await trx.create({
          model: "account",
          data: { accountId: created.id, providerId: "credential", userId: created.id, password: "hash", createdAt: day(1), updatedAt: day(1) },
        });
        await trx.create({ model: "verification", data: { identifier: "id", value: "v", expiresAt: day(2) } });
        await trx.update({ model: "user", where: [{ field: "id", value: created.id }], update: { name: "changed" } });
        expect(await trx.count({ model: "user" })).toBe(1);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await counts()).toEqual({ users: 0, accounts: 0, verifications: 0 });
  });

  it("commits and returns the callback's value", async () => {
    const id = await fx.adapter.transaction(
      async (trx) => (await trx.create<Record<string, unknown>, { id: string }>({ model: "user", data: person("commit@example.com") })).id,
    );
    expect(await fx.adapter.findOne({ model: "user", where: [{ field: "id", value: id }], select: ["email"] })).toEqual({ email: "commit@example.com" });
  });

  it("rolls back Better Auth's own runWithTransaction, as sign-up and code redemption use it", async () => {
    const { adapter } = await fx.auth.$context;
    await expect(
      runWithTransaction(adapter, async () => {
        const current = await getCurrentAdapter(adapter);
        await current.create({ model: "user", data: person("better-auth@example.com") });
        await current.consumeOne({ model: "verification", where: [{ field: "identifier", value: "none" }] });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await counts()).toEqual({ users: 0, accounts: 0, verifications: 0 });
  });

  it("runs every query from inside the callback on the transaction, whichever handle it uses", async () => {
    await expect(
      fx.adapter.transaction(async (trx) => {
        await trx.create({ model: "user", data: person("inside@example.com") });
        // The outer adapter and the raw executor see the uncommitted row: same connection. On
        // PGlite a query elsewhere would wait for the transaction, which would wait for it.
        expect(await fx.adapter.count({ model: "user" })).toBe(1);
        await fx.database.sql.transaction(async (nested) => {
          expect((await nested.query(`SELECT count(*)::int AS n FROM "user"`, [])).rows[0]?.n).toBe(1);
        });
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");
    expect(await fx.adapter.count({ model: "user" })).toBe(0);
    // Work left after the callback settled goes to the pool again, not to a finished transaction.
    expect((await fx.database.sql.query(`SELECT 1 AS one`, [])).rows).toEqual([{ one: 1 }]);
  });

  it("keeps routing a running transaction's queries after another one ends, and again after all have", async () => {
    // The executor switches its context store off when no transaction runs; one ending must not
    // take the store from another still running, and the next one must get it back.
    let releaseLong: () => void = () => {};
    const longHeld = new Promise<void>((resolve) => {
      releaseLong = resolve;
    });
    const long = fx.adapter.transaction(async (trx) => {
      await trx.create({ model: "user", data: person("long@example.com") });
      await longHeld;
      // The outer handle again: only the context store can send it to this transaction.
      expect(await fx.adapter.count({ model: "user", where: [{ field: "email", value: "long@example.com" }] })).toBe(1);
      throw new Error("undo long");
    });
    if (kind.label === "postgres") {
      await fx.adapter.transaction(async (trx) => {
        await trx.create({ model: "user", data: person("short@example.com") });
      });
    }
    releaseLong();
    await expect(long).rejects.toThrow("undo long");
    await expect(
      fx.adapter.transaction(async () => {
        await fx.adapter.create({ model: "user", data: person("again@example.com") });
        throw new Error("undo again");
      }),
    ).rejects.toThrow("undo again");
    expect(await fx.adapter.count({ model: "user", where: [{ field: "email", value: "again@example.com" }] })).toBe(0);
    expect(await fx.adapter.count({ model: "user", where: [{ field: "email", value: "long@example.com" }] })).toBe(0);
  });
});

// PGlite has one connection: there is no other connection to hide the rows from.
describe.each(testDatabaseKinds().filter((kind) => kind.label === "postgres"))("SQL adapter: transaction isolation ($label)", (kind) => {
  let fx: AdapterFixture;

  beforeAll(async () => {
    fx = await openAdapterFixture(kind);
  });
  afterAll(async () => fx?.close());

  it("keeps uncommitted rows from other connections", async () => {
    await fx.adapter.transaction(async (trx) => {
      await trx.create({ model: "user", data: person("isolated@example.com") });
      // Drizzle takes another pooled connection: it must not see the row yet.
      expect(await fx.database.db.select().from(user).where(eq(user.email, "isolated@example.com"))).toEqual([]);
    });
    expect(await fx.database.db.select({ email: user.email }).from(user)).toEqual([{ email: "isolated@example.com" }]);
  });
});
