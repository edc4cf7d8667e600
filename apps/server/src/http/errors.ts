import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { isDatabaseUnavailable } from "../protocol/database-unavailable.ts";
import { databaseUnreachable } from "../protocol/outage-as-503.ts";
import type { DatabaseHealthView } from "../protocol/outage-as-503.ts";
import { RETRY_AFTER_SECONDS } from "../protocol/request-deadline.ts";
import type { Logger } from "./logger.ts";

/** Error codes of the project's own routes, in OAuth's vocabulary where one fits. */
export const API_ERRORS = {
  invalid_request: { status: 400, description: "The request is missing a parameter or has an invalid one." },
  unauthorized: { status: 401, description: "Sign in first." },
  forbidden: { status: 403, description: "This needs the admin role." },
  second_factor_required: {
    status: 403,
    description: "Administrators need a second factor here: set one up at /enroll-second-factor (or Account, Security), or sign out and sign in again with it.",
  },
  not_found: { status: 404, description: "No such resource." },
  server_error: { status: 500, description: "The server could not complete the request." },
  temporarily_unavailable: { status: 503, description: "The server is not ready; try again shortly." },
} as const satisfies Record<string, { status: ContentfulStatusCode; description: string }>;

export type ApiErrorCode = keyof typeof API_ERRORS;

export function apiError(c: Context, code: ApiErrorCode, description?: string, details?: unknown): Response {
  const { status, description: fallback } = API_ERRORS[code];
  return c.json({ error: code, error_description: description ?? fallback, ...(details === undefined ? {} : { details }) }, status);
}

/** Unexpected failures become a JSON 500 with no stack trace; the stack goes to the log only. */
/**
 * `database`: a failure the database's state explains (Better Auth turns some driver errors into
 * its own 500 before they get here) is answered 503 with a retry hint.
 */
export function handleError(logger: Logger, database?: DatabaseHealthView) {
  return async (error: Error, c: Context): Promise<Response> => {
    if (error instanceof HTTPException) {
      const status = error.status;
      if (status < 500) return c.json({ error: "invalid_request", error_description: error.message }, status);
    }
    if (isDatabaseUnavailable(error) || (database && (await databaseUnreachable(database)))) {
      if (isDatabaseUnavailable(error)) database?.reportTrouble();
      logger.log("warn", "database unavailable", { requestId: c.get("requestId"), path: c.req.path, error: error.message });
      c.header("Retry-After", RETRY_AFTER_SECONDS);
      return apiError(c, "temporarily_unavailable", "The database is unavailable; try again shortly.");
    }
    logger.log("error", "unhandled error", {
      requestId: c.get("requestId"),
      path: c.req.path,
      error: error.message,
      stack: error.stack,
    });
    return apiError(c, "server_error");
  };
}
