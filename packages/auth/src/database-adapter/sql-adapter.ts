import type { SqlExecutor, SqlRow } from "@iam/db";
import * as drizzleSchema from "@iam/db/schema";
import { BetterAuthError } from "better-auth";
import type { BetterAuthOptions } from "better-auth";
import { createAdapterFactory } from "better-auth/adapters";
import type {
  AdapterFactoryConfig,
  AdapterFactoryCustomizeAdapterCreator,
  CleanedWhere,
  CustomAdapter,
  DBAdapter,
  DBAdapterInstance,
} from "better-auth/adapters";
import { consumeOneSql, countSql, deleteSql, incrementOneSql, insertSql, selectSql, StatementCache, updateSql } from "./statements.ts";
import { columnOf, mapTables, selectList } from "./table-map.ts";
import type { ColumnInfo, TableInfo } from "./table-map.ts";
import { decodeRow, encodeValue } from "./values.ts";
import { appendWhereParams, whereShape } from "./where-clause.ts";

type Tables = ReadonlyMap<string, TableInfo>;
type BetterAuthSchema = Parameters<AdapterFactoryCustomizeAdapterCreator>[0]["schema"];

/**
 * Better Auth's database adapter in hand-written SQL on `sql` (postgres.js or PGlite), instead of
 * @better-auth/drizzle-adapter, whose query building cost more CPU than the database on the token
 * endpoint. Tables and columns come from the Drizzle schema, which stays the source of truth.
 *
 * Better Auth's adapter factory still does its part (ids, defaults, hooks, field mapping, output
 * shaping) with the Drizzle adapter's flags for PostgreSQL, so values round-trip as before.
 * Joins: Better Auth passes `join` only with `advanced.database.joins`, which createAuth leaves
 * off; the factory then fetches joined rows itself with one query per model, and so it would if
 * that option were on, because these methods ignore `join` and return no joined keys.
 */
export function sqlAdapter(sql: SqlExecutor, schema: Readonly<Record<string, unknown>> = drizzleSchema): DBAdapterInstance {
  const tables: Tables = mapTables(schema);
  const statements = new StatementCache();
  let options: BetterAuthOptions | undefined;
  let inTransaction: DBAdapter | undefined;
  const config: AdapterFactoryConfig = {
    adapterId: "iam-sql",
    adapterName: "IAM SQL adapter",
    usePlural: false,
    // Rows would be logged with tokens and secrets in them.
    debugLogs: false,
    supportsUUIDs: true,
    supportsJSON: true,
    supportsArrays: true,
    supportsDates: true,
    supportsBooleans: true,
    // The executor runs every query made inside the callback on the transaction's connection, so
    // one adapter instance serves all transactions (a new factory instance per transaction costs
    // ~0.2 ms); inside, `transaction` just runs its callback, as Better Auth's own adapters do.
    transaction: (callback) =>
      sql.transaction(() => {
        if (!options) throw new BetterAuthError("The SQL adapter ran a transaction before Better Auth initialised it.");
        inTransaction ??= createAdapterFactory({ config: { ...config, transaction: false }, adapter: queries(sql, tables, statements, false) })(options);
        return callback(inTransaction);
      }),
  };
  const factory = createAdapterFactory({ config, adapter: queries(sql, tables, statements, true) });
  return (betterAuthOptions) => {
    options = betterAuthOptions;
    inTransaction = undefined;
    return factory(betterAuthOptions);
  };
}

function queries(sql: SqlExecutor, tables: Tables, statements: StatementCache, checkSchema: boolean): AdapterFactoryCustomizeAdapterCreator {
  return ({ schema, getFieldName }) => {
    if (checkSchema) assertTablesCover(schema, tables);
    const tableOf = (model: string): TableInfo => {
      const table = tables.get(model);
      if (!table) throw new BetterAuthError(`The model "${model}" is not in the Drizzle schema.`);
      return table;
    };
    const fieldColumn = (table: TableInfo, model: string, field: string): ColumnInfo => columnOf(table, model, getFieldName({ model, field }));
    const run = (text: string, params: unknown[]) => sql.query(text, params);
    const first = (table: TableInfo, rows: SqlRow[]) => (rows[0] ? decodeRow(table, rows[0]) : null);

    /** The columns and encoded values given (undefined left out, null kept). */
    const givenValues = (table: TableInfo, model: string, values: Readonly<Record<string, unknown>>) => {
      const columns: ColumnInfo[] = [];
      const params: unknown[] = [];
      for (const [field, value] of Object.entries(values)) {
        if (value === undefined) continue;
        const column = columnOf(table, model, field);
        columns.push(column);
        params.push(encodeValue(column, value));
      }
      return { columns, params };
    };

    /**
     * The columns and parameters of a SET, as Drizzle's update builds it: the given values (null
     * included, undefined left out), then `$onUpdate` values for columns not given.
     */
    const assignments = (table: TableInfo, model: string, values: Readonly<Record<string, unknown>>, skip: ReadonlySet<string> = new Set()) => {
      const { columns, params } = givenValues(table, model, values);
      const given = columns.length;
      for (const column of table.updateDefaults) {
        if (skip.has(column.key) || values[column.key] !== undefined) continue;
        columns.push(column);
        params.push(encodeValue(column, column.updateDefault?.()));
      }
      return { columns, params, given };
    };

    const adapter: CustomAdapter = {
      async create({ model, data }) {
        const table = tableOf(model);
        const { columns, params } = givenValues(table, model, data);
        for (const column of table.insertDefaults) {
          if (data[column.key] !== undefined) continue;
          columns.push(column);
          params.push(encodeValue(column, column.insertDefault?.()));
        }
        const text = statements.text(`create|${model}|${keys(columns)}`, () => insertSql(table, columns));
        const row = first(table, (await run(text, params)).rows);
        if (!row) throw new BetterAuthError(`Inserting into "${model}" returned no row.`);
        return row as typeof data;
      },

      async findOne<T>({ model, where, select }: { model: string; where: CleanedWhere[]; select?: string[] | undefined }) {
        const table = tableOf(model);
        const columns = select?.length ? select.map((field) => fieldColumn(table, model, field)) : undefined;
        const params: unknown[] = [];
        appendWhereParams(table, model, where, params);
        const text = statements.text(`findOne|${model}|${columns ? keys(columns) : "*"}|${whereShape(where)}`, () =>
          selectSql(table, model, columns ? selectList(columns) : table.selectAll, where, { limit: 1, offset: false }, params.length),
        );
        return first(table, (await run(text, params)).rows) as T | null;
      },

      async findMany<T>({ model, where, limit, select, sortBy, offset }: Parameters<CustomAdapter["findMany"]>[0]) {
        const table = tableOf(model);
        const columns = select?.length ? select.map((field) => fieldColumn(table, model, field)) : undefined;
        const sort = sortBy?.field ? { column: fieldColumn(table, model, sortBy.field), direction: sortBy.direction } : undefined;
        const params: unknown[] = [];
        appendWhereParams(table, model, where, params);
        const clauses = { sort, limit: limit !== undefined, offset: offset !== undefined };
        const key = `findMany|${model}|${columns ? keys(columns) : "*"}|${whereShape(where)}|${sort ? `${sort.column.key} ${sort.direction}` : ""}|${clauses.limit}|${clauses.offset}`;
        const text = statements.text(key, () => selectSql(table, model, columns ? selectList(columns) : table.selectAll, where, clauses, params.length));
        if (limit !== undefined) params.push(limit);
        if (offset !== undefined) params.push(offset);
        return (await run(text, params)).rows.map((row) => decodeRow(table, row)) as T[];
      },

      async count({ model, where }) {
        const table = tableOf(model);
        const params: unknown[] = [];
        appendWhereParams(table, model, where, params);
        const text = statements.text(`count|${model}|${whereShape(where)}`, () => countSql(table, model, where));
        // count(*) is int8, which postgres.js returns as text.
        return Number((await run(text, params)).rows[0]?.count ?? 0);
      },

      async update<T>({ model, where, update }: { model: string; where: CleanedWhere[]; update: T }) {
        const table = tableOf(model);
        const { columns, params, given } = assignments(table, model, update as Record<string, unknown>);
        requireAssignments(given, model);
        appendWhereParams(table, model, where, params);
        const text = statements.text(`update|${model}|${keys(columns)}|${whereShape(where)}`, () => updateSql(table, model, columns, where, true));
        return first(table, (await run(text, params)).rows) as T | null;
      },

      async updateMany({ model, where, update }) {
        const table = tableOf(model);
        const { columns, params, given } = assignments(table, model, update);
        requireAssignments(given, model);
        appendWhereParams(table, model, where, params);
        const text = statements.text(`updateMany|${model}|${keys(columns)}|${whereShape(where)}`, () => updateSql(table, model, columns, where, false));
        return (await run(text, params)).count;
      },

      async delete({ model, where }) {
        await adapter.deleteMany({ model, where });
      },

      async deleteMany({ model, where }) {
        const table = tableOf(model);
        const params: unknown[] = [];
        appendWhereParams(table, model, where, params);
        const text = statements.text(`delete|${model}|${whereShape(where)}`, () => deleteSql(table, model, where));
        return (await run(text, params)).count;
      },

      async consumeOne<T>({ model, where }: { model: string; where: CleanedWhere[] }) {
        const table = tableOf(model);
        const id = fieldColumn(table, model, "id");
        const params: unknown[] = [];
        appendWhereParams(table, model, where, params);
        const text = statements.text(`consumeOne|${model}|${whereShape(where)}`, () => consumeOneSql(table, model, id, where));
        return first(table, (await run(text, params)).rows) as T | null;
      },

      async incrementOne<T>({ model, where, increment, set }: Parameters<NonNullable<CustomAdapter["incrementOne"]>>[0]) {
        const table = tableOf(model);
        const id = fieldColumn(table, model, "id");
        const increments = Object.keys(increment).map((field) => columnOf(table, model, field));
        const { columns: sets, params: setParams } = assignments(table, model, set ?? {}, new Set(increments.map((column) => column.key)));
        const params: unknown[] = [...Object.values(increment), ...setParams];
        appendWhereParams(table, model, where, params);
        const text = statements.text(`incrementOne|${model}|${keys(increments)}|${keys(sets)}|${whereShape(where)}`, () =>
          incrementOneSql(table, model, id, increments, sets, where),
        );
        return first(table, (await run(text, params)).rows) as T | null;
      },
    };
    return adapter;
  };
}

function keys(columns: readonly ColumnInfo[]): string {
  return columns.map((column) => column.key).join(",");
}

function requireAssignments(given: number, model: string): void {
  // As Drizzle's update: nothing to set is a caller's mistake, not a no-op.
  if (!given) throw new BetterAuthError(`No values to set when updating "${model}".`);
}

/** Fails at start-up, not at the first query, when Better Auth expects a table or column the Drizzle schema lacks. */
function assertTablesCover(schema: BetterAuthSchema, tables: Tables): void {
  const problems: string[] = [];
  for (const { modelName, fields } of Object.values(schema)) {
    const table = tables.get(modelName);
    if (!table) {
      problems.push(`model "${modelName}"`);
      continue;
    }
    for (const [field, attributes] of Object.entries({ id: {}, ...fields })) {
      const name = (attributes as { fieldName?: string }).fieldName ?? field;
      if (!table.columns.has(name)) problems.push(`field "${modelName}.${name}"`);
    }
  }
  if (problems.length) throw new BetterAuthError(`The Drizzle schema lacks ${problems.join(", ")}: run \`pnpm auth:generate\` and \`pnpm db:generate\`.`);
}
