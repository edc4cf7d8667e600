import type { Database } from "@iam/db";
import { temporarilyUnavailable } from "./request-deadline.ts";

type Handler = (request: Request) => Promise<Response>;

const PING_TIMEOUT_MS = 1_000;

/**
 * Better Auth wraps some database failures (session lookups, for one) in its own 500 instead of
 * letting them reach the HTTP layer. When a 500 coincides with an unreachable database, the
 * honest answer is 503 `temporarily_unavailable` with a retry hint: the request may be retried.
 */
export function withOutageAs503(database: DatabaseHealthView, webUrl: string, handle: Handler): Handler {
  return async (request) => {
    const response = await handle(request);
    if (response.status !== 500) return response;
    if (!(await databaseUnreachable(database))) return response;
    return temporarilyUnavailable(request, webUrl, "The database is unavailable; try again shortly.");
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
