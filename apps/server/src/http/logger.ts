import type { ServerEnv } from "@iam/env";

type Level = Exclude<ServerEnv["LOG_LEVEL"], "silent">;
const ORDER: Record<ServerEnv["LOG_LEVEL"], number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  log(level: Level, message: string, fields?: Record<string, unknown>): void;
}

/**
 * One JSON line per event on stdout. Callers pass only fields that are safe to keep: paths
 * without query strings, ids, statuses. Never bodies, headers, tokens or passwords.
 */
export function createLogger(minimum: ServerEnv["LOG_LEVEL"], write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Logger {
  return {
    log(level, message, fields = {}) {
      if (ORDER[level] < ORDER[minimum]) return;
      write(redactQueryParams(JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })));
    },
  };
}

/**
 * Database errors quote their query's parameters ("Failed query: … params: a,b"), and those can
 * be session tokens, emails or codes: whatever a library puts in a message, parameters never
 * reach the log. Works on the serialised line, so nested fields and stacks are covered too.
 */
export function redactQueryParams(line: string): string {
  return line.replace(/(\\n|\n)params: .*?(?=\\n|\n|"|$)/g, "$1params: [redacted]");
}
