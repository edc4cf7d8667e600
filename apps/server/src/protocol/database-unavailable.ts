/** postgres.js and Node socket codes for a connection that cannot be made or was lost. */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  // Work of a request already answered 503 at its deadline (see @iam/db request-deadline.ts).
  "REQUEST_DEADLINE_PASSED",
  // Redis (secondary storage) refused, timed out or dropped (see storage/redis-storage.ts).
  "SECONDARY_STORAGE_UNAVAILABLE",
]);

/**
 * SQLSTATEs of a server that is going away or refusing work for now (classes 08, 53, 57P), and
 * 57014, a cancelled query: a statement timeout, or a query withdrawn when its request's deadline
 * passed (@iam/db request-deadline.ts). Either way, trying again later is the right advice.
 */
function isUnavailableSqlState(code: string): boolean {
  return /^08/.test(code) || code === "53300" || code === "57014" || /^57P0[1-3]$/.test(code);
}

/**
 * Whether an error means "the database is unreachable right now" rather than a bug: the request
 * then gets a 503 `temporarily_unavailable` with a retry hint, and the pool reconnects by itself.
 * Drivers and ORMs wrap errors, so the whole `cause` chain is examined.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && (CONNECTION_CODES.has(code) || isUnavailableSqlState(code))) return true;
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
