import { setMaxListeners } from "node:events";
import { runWithinDeadline } from "@iam/db";
import type { Database } from "@iam/db";
import type { Context, MiddlewareHandler } from "hono";
import { errorPageUrl } from "../end-user/browser-errors.ts";
import { isBrowserNavigation, seeOther } from "../end-user/navigation.ts";

/** What a client should wait before retrying: about the time the server needs to see the database back. */
export const RETRY_AFTER_SECONDS = "2";

/**
 * `503 temporarily_unavailable` with `Retry-After` for clients; for a person's browser, the
 * console's error page ("try again in a moment"), as every other error a navigation meets.
 */
export function temporarilyUnavailable(request: Request, webUrl: string, description: string): Response {
  if (isBrowserNavigation(request.headers)) return seeOther(errorPageUrl(webUrl, "temporarily_unavailable"));
  return Response.json(
    { error: "temporarily_unavailable", error_description: description },
    { status: 503, headers: { "Retry-After": RETRY_AFTER_SECONDS, "Cache-Control": "no-store" } },
  );
}

export interface RequestDeadlineOptions {
  database: Pick<Database, "isAvailable" | "reportTrouble">;
  deadlineMs: number;
  webUrl: string;
}

/**
 * A bound on every database-backed request (REQUEST_DEADLINE_MS). While the database is known to
 * be unreachable the answer is an immediate 503; otherwise the request runs, and if it has not
 * answered by its deadline it gets the 503 then. Its work is abandoned, not left to finish in the
 * background: the database refuses the rest of its queries and rolls back its open transaction
 * (@iam/db request-deadline.ts), so a request answered 503 never starts a write afterwards. (A
 * write sent just before the deadline may still commit just after it: a token no one holds.)
 */
export function requestDeadline({ database, deadlineMs, webUrl }: RequestDeadlineOptions): MiddlewareHandler {
  return async (c, next) => {
    if (!database.isAvailable()) return answerUnavailable(c, webUrl, "The database is unavailable; try again shortly.");
    const abandon = new AbortController();
    // Each query of the request listens for the abort (to withdraw itself if still queued): a
    // request making more than ten queries is normal, not a listener leak.
    setMaxListeners(0, abandon.signal);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<"passed">((resolve) => {
      timer = setTimeout(() => resolve("passed"), deadlineMs);
    });
    const work = runWithinDeadline(abandon.signal, () => next());
    const outcome = await Promise.race([work.then(() => "answered" as const), deadline]);
    clearTimeout(timer);
    if (outcome === "answered") return;
    abandon.abort();
    // The abandoned work ends in a refused query; that failure is expected and answered already.
    work.catch(() => {});
    // A request this slow is most often waiting on a database that stopped answering: check.
    database.reportTrouble();
    return answerUnavailable(c, webUrl, "The request took too long; try again shortly.");
  };
}

function answerUnavailable(c: Context, webUrl: string, description: string): Response {
  // Assigning over a response the abandoned work may have started would merge its headers in
  // (a cookie, say): start from nothing. Assigned, not only returned: Hono ignores a returned
  // response once `c.res` has been assigned.
  c.res = undefined;
  c.res = temporarilyUnavailable(c.req.raw, webUrl, description);
  return c.res;
}
