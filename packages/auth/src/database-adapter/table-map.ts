import { BetterAuthError } from "better-auth";
import { getTableColumns, getTableName, is } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import type { PgColumn } from "drizzle-orm/pg-core";

/**
 * How a column's values differ between JavaScript and the driver. Everything else (text, boolean,
 * integer, text[]) is the same on both sides with postgres.js and PGlite.
 */
export type ColumnKind = "plain" | "timestamp" | "timestamptz" | "json" | "bigint";

export interface ColumnInfo {
  /** Better Auth's field name, which is also the key in the Drizzle table and in result rows. */
  key: string;
  /** The quoted column name. */
  sql: string;
  kind: ColumnKind;
  /** Drizzle's `$defaultFn`/`$onUpdate` values, applied as Drizzle applies them (see below). */
  insertDefault?: () => unknown;
  updateDefault?: () => unknown;
}

export interface TableInfo {
  /** The quoted table name. */
  sql: string;
  columns: ReadonlyMap<string, ColumnInfo>;
  /** `"id", "client_id" AS "clientId", …`: rows come back keyed by field name. */
  selectAll: string;
  /** Columns whose driver values need converting back (see decodeRow). */
  decoded: readonly ColumnInfo[];
  /** Filled in on insert when absent, as Drizzle's insert does. */
  insertDefaults: readonly ColumnInfo[];
  /** Filled in on update when absent (or null), as Drizzle's `set` does. */
  updateDefaults: readonly ColumnInfo[];
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Reads the Drizzle schema once (table and column names, types, JavaScript-side defaults), so the
 * adapter builds its SQL from the same definitions the migrations come from. Keys are the schema's
 * export names, which are Better Auth's model names, as @better-auth/drizzle-adapter expects.
 */
export function mapTables(schema: Readonly<Record<string, unknown>>): Map<string, TableInfo> {
  const tables = new Map<string, TableInfo>();
  for (const [model, table] of Object.entries(schema)) {
    if (is(table, PgTable)) tables.set(model, mapTable(table));
  }
  return tables;
}

function mapTable(table: PgTable): TableInfo {
  const columns = new Map<string, ColumnInfo>();
  for (const [key, column] of Object.entries(getTableColumns(table) as Record<string, PgColumn>)) {
    columns.set(key, {
      key,
      sql: quoteIdentifier(column.name),
      kind: kindOf(column),
      // Drizzle's insert uses $defaultFn, else $onUpdate when the column has no (truthy) default.
      // The schema's functions return values (`new Date()`), not SQL expressions.
      insertDefault: column.defaultFn ?? (column.default ? undefined : column.onUpdateFn),
      updateDefault: column.onUpdateFn,
    });
  }
  const all = [...columns.values()];
  return {
    sql: quoteIdentifier(getTableName(table)),
    columns,
    selectAll: selectList(all),
    decoded: all.filter((column) => column.kind !== "plain"),
    insertDefaults: all.filter((column) => column.insertDefault),
    updateDefaults: all.filter((column) => column.updateDefault),
  };
}

function kindOf(column: PgColumn): ColumnKind {
  switch (column.columnType) {
    // Drizzle's string-mode timestamps ("PgTimestampString") reach Better Auth as text: plain.
    case "PgTimestamp":
      return (column as PgColumn & { withTimezone: boolean }).withTimezone ? "timestamptz" : "timestamp";
    case "PgJson":
    case "PgJsonb":
      return "json";
    case "PgBigInt53":
      return "bigint";
    default:
      return "plain";
  }
}

/** The column a Better Auth field is stored in; an unknown field is the caller's error, as in the Drizzle adapter. */
export function columnOf(table: TableInfo, model: string, field: string): ColumnInfo {
  const column = table.columns.get(field);
  if (!column) throw new BetterAuthError(`The field "${field}" does not exist in the schema for the model "${model}".`);
  return column;
}

export function selectList(columns: readonly ColumnInfo[]): string {
  return columns.map((column) => (column.sql === quoteIdentifier(column.key) ? column.sql : `${column.sql} AS ${quoteIdentifier(column.key)}`)).join(", ");
}
