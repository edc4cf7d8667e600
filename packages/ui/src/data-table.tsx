import type { ReactNode } from "react";
import { cx } from "./class-names.ts";

export interface Column<Row> {
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  className?: string;
}

export interface DataTableProps<Row> {
  columns: Column<Row>[];
  rows: Row[] | undefined;
  rowKey: (row: Row) => string;
  /** Accessible name of the table. */
  caption: string;
  loading?: boolean;
  /** The server's message when loading failed. */
  error?: ReactNode;
  empty?: ReactNode;
}

/** A list with its loading, error and empty states, so no screen forgets one. */
export function DataTable<Row>({ columns, rows, rowKey, caption, loading, error, empty = "Nothing here yet." }: DataTableProps<Row>) {
  let state: ReactNode = null;
  if (error) state = <span className="font-medium text-red-700">{error}</span>;
  else if (loading && !rows) state = <span className="text-slate-500">Loading…</span>;
  else if (rows && rows.length === 0) state = <span className="text-slate-500">{empty}</span>;
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50">
          <tr>
            {columns.map((column) => (
              <th
                key={column.key}
                scope="col"
                className={cx("px-4 py-3 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase", column.className)}
              >
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {state ? (
            <tr>
              <td colSpan={columns.length} className="px-4 py-8 text-center" role={error ? "alert" : "status"}>
                {state}
              </td>
            </tr>
          ) : (
            rows?.map((row) => (
              <tr key={rowKey(row)} className="hover:bg-slate-50">
                {columns.map((column) => (
                  <td key={column.key} className={cx("px-4 py-3 align-top text-slate-800", column.className)}>
                    {column.cell(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
