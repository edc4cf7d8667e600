import type { SqlRow } from "@iam/db";
import type { ColumnInfo, TableInfo } from "./table-map.ts";

/**
 * JavaScript value → bind parameter for `column`, matching what Drizzle's column classes send, so
 * rows written here and rows written through Drizzle (the project's own queries) are the same.
 */
export function encodeValue(column: ColumnInfo, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (column.kind) {
    case "timestamp":
    case "timestamptz":
      // A zone in the text is ignored by `timestamp` columns: UTC wall-clock time is stored.
      return value instanceof Date ? value.toISOString() : value;
    case "json":
      // Sent as text and cast (see jsonPlaceholder): Drizzle stores JSON.stringify(value), even
      // for a string value (the OAuth plugin's client metadata is a JSON string).
      return JSON.stringify(value);
    default:
      return value;
  }
}

/**
 * The placeholder for a value of `column`. JSON goes through text so neither driver's own JSON
 * serializer (installed or not) stringifies it a second time.
 */
export function placeholder(column: ColumnInfo, index: number): string {
  return column.kind === "json" ? `$${index}::text::jsonb` : `$${index}`;
}

/** Converts the driver's values of `table`'s typed columns in place, as Drizzle's reads do. */
export function decodeRow(table: TableInfo, row: SqlRow): SqlRow {
  for (const column of table.decoded) {
    const value = row[column.key];
    if (value === null || value === undefined) continue;
    row[column.key] = decodeValue(column, value);
  }
  return row;
}

function decodeValue(column: ColumnInfo, value: unknown): unknown {
  switch (column.kind) {
    case "timestamp":
      // PostgreSQL's text has no zone for `timestamp`; the stored wall-clock time is UTC.
      return typeof value === "string" ? new Date(`${value}+0000`) : value;
    case "timestamptz":
      return typeof value === "string" ? new Date(value) : value;
    case "bigint":
      // postgres.js returns int8 as text; these columns hold numbers within 2^53 (Drizzle's mode).
      return typeof value === "number" ? value : Number(value);
    case "json":
      // The drivers parse JSON already; a JSON string inside it (client metadata) is parsed once
      // more, as Drizzle's jsonb column does, so Better Auth sees the same value.
      if (typeof value !== "string") return value;
      try {
        return JSON.parse(value) as unknown;
      } catch {
        return value;
      }
    default:
      return value;
  }
}

/** `contains`/`starts_with`/`ends_with` match the value literally: `%`, `_` and `\` are escaped. */
export function escapeLike(value: unknown): string {
  return String(value).replace(/[\\%_]/g, "\\$&");
}
