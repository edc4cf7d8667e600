import { AsyncLocalStorage } from "node:async_hooks";

/**
 * The deadline of the request a query runs for. The HTTP layer answers 503 when a request's
 * deadline passes and aborts its signal; from then on every query that request's leftover work
 * tries to start fails here instead of reaching the database, and an open transaction rolls back.
 * So an abandoned request never completes later in the background (no write starts for a request
 * that was already answered 503). A query already sent when the deadline passed cannot be
 * recalled: it may still commit (a token written just after its request was answered 503 is held
 * by no one and expires with its lifetime), or, when the database stopped answering, the
 * connection it waits on is closed by the outage handling (see connection-health.ts).
 */
const deadlines = new AsyncLocalStorage<AbortSignal>();

/** `code` is what isDatabaseUnavailable() looks for: abandoned work is an outage, not a bug. */
export class RequestDeadlineError extends Error {
  readonly code = "REQUEST_DEADLINE_PASSED";
  constructor() {
    super("The request was answered 503 when its deadline passed; its remaining database work is abandoned.");
    this.name = "RequestDeadlineError";
  }
}

/** Runs `task` (a request's handling) so that the database refuses its queries once `signal` aborts. */
export function runWithinDeadline<T>(signal: AbortSignal, task: () => T): T {
  return deadlines.run(signal, task);
}

/**
 * Runs `task` free of the current request's deadline: for bookkeeping that must happen even when
 * the request's own work was abandoned (giving back a rate-limit slot the request had taken).
 */
export function runOutsideDeadline<T>(task: () => T): T {
  return deadlines.exit(task);
}

export function assertBeforeDeadline(): void {
  if (deadlines.getStore()?.aborted) throw new RequestDeadlineError();
}

/** A postgres.js query: `state` is set once it has been written to a connection. */
interface PendingQuery {
  state?: unknown;
  cancel(): unknown;
}

/**
 * A query accepted before the deadline may still be waiting for a connection (one reconnecting
 * during an outage, say) when the deadline passes; sent after the database is back, it would
 * complete the abandoned work. At the deadline such a query is withdrawn (postgres.js drops a
 * cancelled query it has not sent). One already sent is left alone: cancelling it would open a
 * new connection, and the outage handling closes the connection it waits on.
 */
export function withdrawAtDeadline<T>(query: T): T {
  const signal = deadlines.getStore();
  if (signal) {
    const pending = query as T & PendingQuery;
    signal.addEventListener(
      "abort",
      () => {
        if (pending.state === undefined) void Promise.resolve(pending.cancel()).catch(() => {});
      },
      { once: true },
    );
  }
  return query;
}
