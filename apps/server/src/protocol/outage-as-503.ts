import type { Database } from "@iam/db";
import type { MiddlewareHandler } from "hono";
import { temporarilyUnavailable } from "./request-deadline.ts";

const PING_TIMEOUT_MS = 1_000;

/**
 * Better Auth wraps some database failures (session lookups, for one) in its own 500 instead of
 * letting them reach the HTTP layer. When a 500 coincides with an unreachable database, the
 * honest answer is 503 `temporarily_unavailable` with a retry hint: the request may be retried.
 */
export function outageAs503(database: DatabaseHealthView, webUrl: string): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.res.status !== 500 || !(await databaseUnreachable(database))) return;
    // Cleared first, as Hono's guide does, so none of the 500's headers are merged into the 503.
    c.res = undefined;
    c.res = temporarilyUnavailable(c.req.raw, webUrl, "The database is unavailable; try again shortly.");
  };
}

export type DatabaseHealthView = Pick<Database, "isAvailable" | "ping" | "reportTrouble">;

/** Whether a failure coincides with an outage: known already, or a quick ping goes unanswered. */
export async function databaseUnreachable(database: DatabaseHealthView): Promise<boolean> {
  if (!database.isAvailable()) return true;
  try {
    await database.ping(PING_TIMEOUT_MS);
    return false;
  } catch {
    database.reportTrouble();
    return true;
  }
}
