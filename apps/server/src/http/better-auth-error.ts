import { isAPIError } from "better-auth/api";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * Turns an error thrown by an `auth.api.*` call into the same JSON shape Better Auth answers
 * over HTTP; anything else is rethrown for the 500 handler.
 */
export function toHttpError(c: Context, error: unknown): Response {
  // The plugin throws both Better Auth's and better-call's APIError classes.
  if (!isAPIError(error)) throw error;
  const body = (error.body ?? {}) as Record<string, unknown>;
  return c.json(
    {
      error: typeof body.error === "string" ? body.error : "invalid_request",
      error_description: typeof body.error_description === "string" ? body.error_description : typeof body.message === "string" ? body.message : error.message,
    },
    error.statusCode as ContentfulStatusCode,
  );
}
