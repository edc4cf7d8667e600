import { BetterAuthError } from "better-auth";
import type { CleanedWhere } from "better-auth/adapters";
import { columnOf } from "./table-map.ts";
import type { ColumnInfo, TableInfo } from "./table-map.ts";
import { encodeValue, escapeLike, placeholder } from "./values.ts";

const COMPARISON = { eq: "=", ne: "<>", lt: "<", lte: "<=", gt: ">", gte: ">=" } as const;

/**
 * The three passes over a where list (shape key, SQL text, parameters) share these decisions, so
 * the text a shape was cached with always numbers its placeholders the way the parameters come.
 */
function isNullCheck(where: CleanedWhere): boolean {
  return where.value === null && (where.operator === "eq" || where.operator === "ne");
}

/** Better Auth's rule (and the Drizzle adapter's): "insensitive" applies to string values only. */
function isInsensitive(where: CleanedWhere): boolean {
  if (where.mode !== "insensitive") return false;
  const { value } = where;
  return typeof value === "string" || (Array.isArray(value) && value.every((item) => typeof item === "string"));
}

/** What decides the SQL text of a where list (fields, operators, null checks, modes, connectors), not its values. */
export function whereShape(where: readonly CleanedWhere[] | undefined): string {
  if (!where) return "";
  let shape = "";
  for (const item of where) {
    shape += `${item.field}:${item.operator}:${isNullCheck(item) ? "n" : ""}${isInsensitive(item) ? "i" : ""}:${item.connector};`;
  }
  return shape;
}

/**
 * The condition for `where` with placeholders numbered from `firstIndex`, combined the way
 * @better-auth/drizzle-adapter combines them: one condition alone whatever its connector, else
 * all AND conditions, and-ed with the OR conditions or-ed together. Empty when there is none.
 */
export function compileWhere(table: TableInfo, model: string, where: readonly CleanedWhere[] | undefined, firstIndex: number): string {
  if (!where?.length) return "";
  const all: string[] = [];
  const and: string[] = [];
  const or: string[] = [];
  let index = firstIndex;
  for (const item of where) {
    const condition = compileCondition(columnOf(table, model, item.field), item, index);
    if (!isNullCheck(item)) index++;
    all.push(condition);
    (item.connector === "OR" ? or : and).push(condition);
  }
  if (all.length === 1) return all[0] ?? "";
  if (and.length && or.length) return `(${and.join(" AND ")}) AND (${or.join(" OR ")})`;
  return and.length ? and.join(" AND ") : `(${or.join(" OR ")})`;
}

function compileCondition(column: ColumnInfo, where: CleanedWhere, index: number): string {
  const name = column.sql;
  const parameter = placeholder(column, index);
  const insensitive = isInsensitive(where);
  switch (where.operator) {
    case "in":
    case "not_in": {
      // One array parameter, whatever its length, so the statement text stays the same.
      const quantifier = where.operator === "in" ? "= ANY" : "<> ALL";
      if (insensitive) return `lower(${name}) ${quantifier} (SELECT lower(value) FROM unnest($${index}::text[]) AS value)`;
      return column.kind === "json" ? `${name} ${quantifier} ($${index}::text[]::jsonb[])` : `${name} ${quantifier} ($${index})`;
    }
    case "contains":
    case "starts_with":
    case "ends_with":
      return `${name} ${insensitive ? "ILIKE" : "LIKE"} $${index}`;
    case "eq":
    case "ne":
      if (where.value === null) return `${name} IS ${where.operator === "eq" ? "" : "NOT "}NULL`;
      if (insensitive) return `lower(${name}) ${COMPARISON[where.operator]} lower($${index})`;
      return `${name} ${COMPARISON[where.operator]} ${parameter}`;
    case "lt":
    case "lte":
    case "gt":
    case "gte":
      return `${name} ${COMPARISON[where.operator]} ${parameter}`;
    default:
      throw new BetterAuthError(`Unsupported where operator "${String(where.operator)}".`);
  }
}

/** Appends `where`'s bind parameters to `params`, in the order compileWhere numbered them. */
export function appendWhereParams(table: TableInfo, model: string, where: readonly CleanedWhere[] | undefined, params: unknown[]): void {
  if (!where) return;
  for (const item of where) {
    if (isNullCheck(item)) continue;
    const column = columnOf(table, model, item.field);
    const { value } = item;
    switch (item.operator) {
      case "in":
      case "not_in":
        // Checked here: the text of a cached shape is not compiled again.
        if (!Array.isArray(value))
          throw new BetterAuthError(`The value for the field "${item.field}" must be an array when using the "${item.operator}" operator.`);
        params.push(value.map((element: unknown) => encodeValue(column, element)));
        break;
      case "contains":
        params.push(`%${escapeLike(value)}%`);
        break;
      case "starts_with":
        params.push(`${escapeLike(value)}%`);
        break;
      case "ends_with":
        params.push(`%${escapeLike(value)}`);
        break;
      default:
        params.push(encodeValue(column, value));
    }
  }
}
