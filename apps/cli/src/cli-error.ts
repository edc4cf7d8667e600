import { DatabaseLockedError } from "@iam/db";
/**
 * Every way a command can fail, with its exit code. Scripts branch on the exit code; people read
 * the message. 0 is success; codes follow sysexits(3) where one fits.
 */
export const CLI_ERRORS = {
  failure: { exit: 1, description: "The command failed." },
  usage: { exit: 2, description: "The command line is not valid." },
  invalid_input: { exit: 65, description: "The input data is not valid." },
  not_found: { exit: 3, description: "No such record." },
  conflict: { exit: 4, description: "The record already exists." },
  database_unavailable: { exit: 69, description: "The database cannot be reached." },
  database_locked: { exit: 75, description: "The embedded database is open in another process." },
  schema_missing: { exit: 70, description: "The database has no schema yet: run `pnpm iam migrate`." },
  configuration: { exit: 78, description: "The environment is not valid." },
} as const;

export type CliErrorCode = keyof typeof CLI_ERRORS;

export class CliError extends Error {
  readonly exitCode: number;

  constructor(
    readonly code: CliErrorCode,
    message: string = CLI_ERRORS[code].description,
    readonly details?: unknown,
  ) {
    super(message);
    this.exitCode = CLI_ERRORS[code].exit;
  }
}

/** Maps driver errors that have a clear meaning for an operator; anything else stays a failure. */
export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof DatabaseLockedError) return new CliError("database_locked", error.message);
  const code = findErrorCode(error);
  if (code === "42P01") return new CliError("schema_missing");
  if (code === "23505") return new CliError("conflict");
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "CONNECT_TIMEOUT" || code === "3D000" || code === "28P01") {
    return new CliError("database_unavailable", `The database cannot be reached (${code}).`);
  }
  return new CliError("failure", error instanceof Error ? error.message : String(error));
}

/** Drizzle wraps driver errors in `cause`; postgres.js and PGlite put the SQLSTATE in `code`. */
function findErrorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== "object") return undefined;
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) current = errors[0];
    else current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
