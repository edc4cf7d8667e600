/** Where a command writes; tests capture it, `main.ts` binds it to the process. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** The whole of standard input (for `--password-stdin` and `import -`). */
  readStdin(): Promise<string>;
  readFile(path: string): Promise<string>;
  writeFile(path: string, contents: string): Promise<void>;
}

export interface Output {
  json: boolean;
  io: CliIo;
}

/** Prints `value` as JSON with `--json`, otherwise the human text. */
export function print(output: Output, value: unknown, human: string): void {
  output.io.out(output.json ? `${JSON.stringify(value, null, 2)}\n` : human.endsWith("\n") ? human : `${human}\n`);
}

/** A fixed-width table for people; scripts use `--json`. */
export function table(rows: readonly Record<string, string>[], columns: readonly string[]): string {
  if (rows.length === 0) return "(none)";
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, index) => cell.padEnd(widths[index] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(columns), ...rows.map((row) => line(columns.map((column) => row[column] ?? "")))].join("\n");
}
