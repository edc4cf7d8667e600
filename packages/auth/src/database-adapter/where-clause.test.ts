import * as schema from "@iam/db/schema";
import type { CleanedWhere } from "better-auth/adapters";
import { describe, expect, it } from "vitest";
import { consumeOneSql, incrementOneSql, insertSql, selectSql, updateSql } from "./statements.ts";
import { mapTables } from "./table-map.ts";
import type { TableInfo } from "./table-map.ts";
import { appendWhereParams, compileWhere, whereShape } from "./where-clause.ts";

const tables = mapTables(schema);
const table = (model: string): TableInfo => {
  const found = tables.get(model);
  if (!found) throw new Error(model);
  return found;
};
const user = table("user");
const client = table("oauthClient");

/** What the adapter factory hands over: every key present. */
const w = (field: string, operator: CleanedWhere["operator"], value: CleanedWhere["value"], extra: Partial<CleanedWhere> = {}): CleanedWhere => ({
  field,
  operator,
  value,
  connector: "AND",
  mode: "sensitive",
  ...extra,
});

function compile(where: CleanedWhere[], model = "user") {
  const params: unknown[] = [];
  appendWhereParams(table(model), model, where, params);
  return { sql: compileWhere(table(model), model, where, 1), params };
}

describe("where clauses", () => {
  it("compiles every operator to a quoted column and a bind parameter", () => {
    expect(compile([w("role", "eq", "admin")])).toEqual({ sql: `"role" = $1`, params: ["admin"] });
    expect(compile([w("role", "ne", "admin")]).sql).toBe(`"role" <> $1`);
    expect(compile([w("createdAt", "lt", new Date("2024-01-02T03:04:05.006Z"))])).toEqual({ sql: `"created_at" < $1`, params: ["2024-01-02T03:04:05.006Z"] });
    expect(compile([w("createdAt", "lte", null)]).sql).toBe(`"created_at" <= $1`);
    expect(compile([w("createdAt", "gt", null)]).sql).toBe(`"created_at" > $1`);
    expect(compile([w("createdAt", "gte", null)]).sql).toBe(`"created_at" >= $1`);
    expect(compile([w("role", "in", ["a", "b"])])).toEqual({ sql: `"role" = ANY ($1)`, params: [["a", "b"]] });
    expect(compile([w("role", "not_in", [])])).toEqual({ sql: `"role" <> ALL ($1)`, params: [[]] });
    expect(compile([w("name", "contains", "a")])).toEqual({ sql: `"name" LIKE $1`, params: ["%a%"] });
    expect(compile([w("name", "starts_with", "a")]).params).toEqual(["a%"]);
    expect(compile([w("name", "ends_with", "a")]).params).toEqual(["%a"]);
  });

  it("turns eq/ne null into IS NULL / IS NOT NULL, with no parameter, and numbers the rest around them", () => {
    expect(compile([w("role", "eq", null), w("name", "eq", "x"), w("banReason", "ne", null), w("email", "eq", "y")])).toEqual({
      sql: `"role" IS NULL AND "name" = $1 AND "ban_reason" IS NOT NULL AND "email" = $2`,
      params: ["x", "y"],
    });
  });

  it("makes string comparisons case-insensitive in mode insensitive, and leaves other values alone", () => {
    const insensitive = { mode: "insensitive" } as const;
    expect(compile([w("email", "eq", "A@B", insensitive)]).sql).toBe(`lower("email") = lower($1)`);
    expect(compile([w("email", "ne", "A@B", insensitive)]).sql).toBe(`lower("email") <> lower($1)`);
    expect(compile([w("email", "in", ["A"], insensitive)]).sql).toBe(`lower("email") = ANY (SELECT lower(value) FROM unnest($1::text[]) AS value)`);
    expect(compile([w("email", "not_in", ["A"], insensitive)]).sql).toBe(`lower("email") <> ALL (SELECT lower(value) FROM unnest($1::text[]) AS value)`);
    expect(compile([w("email", "contains", "A", insensitive)]).sql).toBe(`"email" ILIKE $1`);
    expect(compile([w("banned", "eq", true, insensitive)]).sql).toBe(`"banned" = $1`);
  });

  it("escapes LIKE wildcards so contains, starts_with and ends_with match literally", () => {
    expect(compile([w("name", "contains", "100%_\\")]).params).toEqual(["%100\\%\\_\\\\%"]);
  });

  it("combines connectors as the Drizzle adapter does: ANDs, and-ed with the ORs or-ed together", () => {
    const or = { connector: "OR" } as const;
    expect(compile([w("name", "eq", "a", or)]).sql).toBe(`"name" = $1`);
    expect(compile([w("name", "eq", "a"), w("email", "eq", "b")]).sql).toBe(`"name" = $1 AND "email" = $2`);
    expect(compile([w("name", "eq", "a", or), w("email", "eq", "b", or)]).sql).toBe(`("name" = $1 OR "email" = $2)`);
    expect(compile([w("role", "eq", "r", or), w("banned", "eq", false), w("email", "eq", "e", or)]).sql).toBe(
      `("banned" = $2) AND ("role" = $1 OR "email" = $3)`,
    );
  });

  it("sends JSON as text cast to jsonb, stringified as Drizzle does (a string included)", () => {
    expect(compile([w("metadata", "eq", '{"a":1}')], "oauthClient")).toEqual({ sql: `"metadata" = $1::text::jsonb`, params: ['"{\\"a\\":1}"'] });
  });

  it("keys shapes by what changes the text: null checks, modes, operators and connectors, not values", () => {
    expect(whereShape([w("role", "eq", "a")])).toBe(whereShape([w("role", "eq", "b")]));
    expect(whereShape([w("role", "eq", "a")])).not.toBe(whereShape([w("role", "eq", null)]));
    expect(whereShape([w("role", "eq", "a")])).not.toBe(whereShape([w("role", "eq", "a", { mode: "insensitive" })]));
    expect(whereShape([w("role", "eq", 1, { mode: "insensitive" })])).toBe(whereShape([w("role", "eq", 2)]));
    expect(whereShape([w("role", "eq", "a"), w("name", "eq", "b")])).not.toBe(whereShape([w("role", "eq", "a"), w("name", "eq", "b", { connector: "OR" })]));
  });

  it("refuses unknown fields and non-array in/not_in values", () => {
    expect(() => compile([w("nope", "eq", "x")])).toThrow(/does not exist/);
    expect(() => compile([w("role", "in", "x")])).toThrow(/must be an array/);
  });
});

describe("statements", () => {
  it("select rows keyed by field name, with limit and offset after the where parameters", () => {
    const text = selectSql(
      client,
      "oauthClient",
      `"client_id" AS "clientId"`,
      [w("clientId", "eq", "c")],
      { limit: true, offset: true, sort: { column: client.columns.get("createdAt")!, direction: "desc" } },
      1,
    );
    expect(text).toBe(`SELECT "client_id" AS "clientId" FROM "oauth_client" WHERE "client_id" = $1 ORDER BY "created_at" DESC LIMIT $2 OFFSET $3`);
    expect(user.selectAll).toContain(`"email_verified" AS "emailVerified"`);
  });

  it("insert and update return every column; update numbers the where after the values", () => {
    const columns = [user.columns.get("name")!, user.columns.get("updatedAt")!];
    expect(insertSql(user, columns)).toBe(`INSERT INTO "user" ("name", "updated_at") VALUES ($1, $2) RETURNING ${user.selectAll}`);
    expect(updateSql(user, "user", columns, [w("id", "eq", "u")], false)).toBe(`UPDATE "user" SET "name" = $1, "updated_at" = $2 WHERE "id" = $3`);
  });

  it("consumes and increments at most one row, re-checking the condition on it", () => {
    const id = user.columns.get("id")!;
    expect(consumeOneSql(user, "user", id, [w("email", "eq", "e")])).toBe(
      `DELETE FROM "user" WHERE ("email" = $1) AND "id" IN (SELECT "id" FROM "user" WHERE "email" = $1 LIMIT 1) RETURNING ${user.selectAll}`,
    );
    const rateLimit = table("rateLimit");
    expect(
      incrementOneSql(
        rateLimit,
        "rateLimit",
        rateLimit.columns.get("id")!,
        [rateLimit.columns.get("count")!],
        [rateLimit.columns.get("lastRequest")!],
        [w("key", "eq", "k")],
      ),
    ).toBe(
      `UPDATE "rate_limit" SET "count" = "count" + $1, "last_request" = $2 WHERE ("key" = $3) AND "id" IN (SELECT "id" FROM "rate_limit" WHERE "key" = $3 LIMIT 1) RETURNING "id", "key", "count", "last_request" AS "lastRequest"`,
    );
  });
});
