import type { CleanedWhere } from "better-auth/adapters";
import type { ColumnInfo, TableInfo } from "./table-map.ts";
import { placeholder } from "./values.ts";
import { compileWhere } from "./where-clause.ts";

/**
 * SQL text per query shape. The text depends only on the model, the columns, the where shape and
 * the clauses present, never on values (those are bind parameters), so each shape is built once
 * and reused; postgres.js then prepares it once per connection under its own name.
 */
export class StatementCache {
  readonly #texts = new Map<string, string>();
  readonly #limit: number;

  constructor(limit = 2_000) {
    this.#limit = limit;
  }

  text(key: string, build: () => string): string {
    let text = this.#texts.get(key);
    if (text === undefined) {
      text = build();
      // Shapes come from Better Auth's code paths, a bounded set; the limit only guards against a
      // caller that varies them without end.
      if (this.#texts.size >= this.#limit) this.#texts.clear();
      this.#texts.set(key, text);
    }
    return text;
  }
}

function whereSql(condition: string): string {
  return condition ? ` WHERE ${condition}` : "";
}

export interface SelectClauses {
  sort?: { column: ColumnInfo; direction: "asc" | "desc" };
  /** A `$n` limit; `1` for findOne, which is a constant of the statement, not a value. */
  limit: boolean | 1;
  offset: boolean;
}

/** `SELECT … [WHERE] [ORDER BY] [LIMIT $n] [OFFSET $m]`; limit and offset follow the where parameters. */
export function selectSql(
  table: TableInfo,
  model: string,
  selectList: string,
  where: readonly CleanedWhere[] | undefined,
  clauses: SelectClauses,
  whereParamCount: number,
): string {
  let text = `SELECT ${selectList} FROM ${table.sql}${whereSql(compileWhere(table, model, where, 1))}`;
  if (clauses.sort) text += ` ORDER BY ${clauses.sort.column.sql} ${clauses.sort.direction === "desc" ? "DESC" : "ASC"}`;
  let index = whereParamCount + 1;
  if (clauses.limit === 1) text += " LIMIT 1";
  else if (clauses.limit) text += ` LIMIT $${index++}`;
  if (clauses.offset) text += ` OFFSET $${index}`;
  return text;
}

export function countSql(table: TableInfo, model: string, where: readonly CleanedWhere[] | undefined): string {
  return `SELECT count(*) AS "count" FROM ${table.sql}${whereSql(compileWhere(table, model, where, 1))}`;
}

export function insertSql(table: TableInfo, columns: readonly ColumnInfo[]): string {
  if (!columns.length) return `INSERT INTO ${table.sql} DEFAULT VALUES RETURNING ${table.selectAll}`;
  const names = columns.map((column) => column.sql).join(", ");
  const values = columns.map((column, index) => placeholder(column, index + 1)).join(", ");
  return `INSERT INTO ${table.sql} (${names}) VALUES (${values}) RETURNING ${table.selectAll}`;
}

/** `UPDATE … SET` with the set values first, then the where parameters; every matching row. */
export function updateSql(
  table: TableInfo,
  model: string,
  columns: readonly ColumnInfo[],
  where: readonly CleanedWhere[] | undefined,
  returning: boolean,
): string {
  const assignments = columns.map((column, index) => `${column.sql} = ${placeholder(column, index + 1)}`).join(", ");
  const text = `UPDATE ${table.sql} SET ${assignments}${whereSql(compileWhere(table, model, where, columns.length + 1))}`;
  return returning ? `${text} RETURNING ${table.selectAll}` : text;
}

export function deleteSql(table: TableInfo, model: string, where: readonly CleanedWhere[] | undefined): string {
  return `DELETE FROM ${table.sql}${whereSql(compileWhere(table, model, where, 1))}`;
}

/**
 * At most one matching row, chosen by id, with the condition checked again on the row itself: a
 * concurrent change that makes the row stop matching (another consume, a revocation) wins, as
 * the single-statement guard Better Auth's atomic operations rely on.
 */
function oneRow(table: TableInfo, id: ColumnInfo, condition: string): string {
  const pick = `${id.sql} IN (SELECT ${id.sql} FROM ${table.sql}${whereSql(condition)} LIMIT 1)`;
  return condition ? `(${condition}) AND ${pick}` : pick;
}

export function consumeOneSql(table: TableInfo, model: string, id: ColumnInfo, where: readonly CleanedWhere[]): string {
  return `DELETE FROM ${table.sql} WHERE ${oneRow(table, id, compileWhere(table, model, where, 1))} RETURNING ${table.selectAll}`;
}

/** Increments (`column = column + $n`) first, then absolute assignments, then the where parameters. */
export function incrementOneSql(
  table: TableInfo,
  model: string,
  id: ColumnInfo,
  increments: readonly ColumnInfo[],
  sets: readonly ColumnInfo[],
  where: readonly CleanedWhere[],
): string {
  const assignments = [
    ...increments.map((column, index) => `${column.sql} = ${column.sql} + $${index + 1}`),
    ...sets.map((column, index) => `${column.sql} = ${placeholder(column, increments.length + index + 1)}`),
  ].join(", ");
  const condition = compileWhere(table, model, where, increments.length + sets.length + 1);
  return `UPDATE ${table.sql} SET ${assignments} WHERE ${oneRow(table, id, condition)} RETURNING ${table.selectAll}`;
}
