import { OpenAPIHono } from "@hono/zod-openapi";
import type { RouteConfig } from "@hono/zod-openapi";
import { apiErrorBody } from "@iam/schemas";
import type { ApiErrorBody } from "@iam/schemas";
import type { Context, Env, Handler, TypedResponse } from "hono";
import { toHttpError } from "../http/better-auth-error.ts";
import { apiError } from "../http/errors.ts";
import type { API_ERRORS, ApiErrorCode } from "../http/errors.ts";

type HookResult = { target: string } & ({ success: true; data: unknown } | { success: false; error: { issues: unknown } });

/** What an invalid input is called in the error message, by where it came from. */
const INPUT_NAMES: Record<string, string> = { json: "request body", query: "query parameters", param: "path" };

/** PostgreSQL text cannot hold NUL; such input would otherwise fail in the database as a 500. */
function containsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(containsNul);
  if (value && typeof value === "object") return Object.entries(value).some(([key, item]) => containsNul(key) || containsNul(item));
  return false;
}

/**
 * Answers a request whose params, query or body fail their declared schema with
 * `invalid_request` and the failing fields in `details`; `bodyName` names the body in the message.
 */
export function invalidInput(bodyName = INPUT_NAMES.json) {
  return <E extends Env>(result: HookResult, c: Context<E>) => {
    const what = result.target === "json" ? bodyName : (INPUT_NAMES[result.target] ?? result.target);
    if (!result.success) return fail(c, "invalid_request", `Invalid ${what}.`, result.error.issues);
    if (containsNul(result.data)) return fail(c, "invalid_request", `Invalid ${what}: NUL characters are not allowed.`);
    return undefined;
  };
}

/** A router whose routes are declared with `createRoute`: validation and the OpenAPI document come from that one declaration. */
export function apiRouter<E extends Env = Env>() {
  return new OpenAPIHono<E>({ defaultHook: invalidInput() });
}

/** `apiError`, typed as the JSON error response the route declares, so handlers stay checked against their declaration. */
export function fail<C extends ApiErrorCode>(c: Context, code: C, description?: string, details?: unknown) {
  return apiError(c, code, description, details) as Response & TypedResponse<ApiErrorBody, (typeof API_ERRORS)[C]["status"], "json">;
}

/** A Better Auth refusal (its status varies; declared as the route's 400) in the same error shape. */
export function failFromBetterAuth(c: Context, error: unknown) {
  return toHttpError(c, error) as Response & TypedResponse<ApiErrorBody, 400, "json">;
}

export function jsonContent<S>(schema: S) {
  return { content: { "application/json": { schema } } };
}

const error = (description: string) => ({ description, ...jsonContent(apiErrorBody) });

/**
 * The error answers routes share, to spread into `responses`. Computed keys: a plain `401:` key
 * would be typed as the string "401", which the handler's response typing does not count.
 */
export const errorResponses = {
  invalid: { [400 as const]: error("invalid_request, with the failing fields in details.") },
  admin: { [401 as const]: error("No session."), [403 as const]: error("Not an admin.") },
  notFound: { [404 as const]: error("No such resource.") },
  bearer: { [401 as const]: error("Missing or wrong bearer token (WWW-Authenticate says which realm).") },
  unavailable: { [503 as const]: error("temporarily_unavailable: not ready, or the database does not answer.") },
};

/** What a route on one admin resource (`/{id}`) can answer besides success. */
export const resourceErrors = { ...errorResponses.admin, ...errorResponses.notFound, ...errorResponses.invalid };

/** What a list (a query in, a page out) can answer besides success. */
export const listErrors = { ...errorResponses.admin, ...errorResponses.invalid };

/** Routes every admin route declares: an admin session cookie, 401/403 without one. */
export const adminRoute: Pick<RouteConfig, "tags" | "security"> = { tags: ["Admin"], security: [{ sessionCookie: [] }] };

/** Tags a route with no credentials (`security: []`) under `tag`. */
export function publicRoute(tag: string): Pick<RouteConfig, "tags" | "security"> {
  return { tags: [tag], security: [] };
}

/**
 * For routes with no input whose answer is not built by the handler (a document served by Better
 * Auth, a page, Prometheus text): the declaration goes into the document, the handler is mounted
 * at the declared path and method as is.
 */
export function documented<E extends Env, R extends RouteConfig>(router: OpenAPIHono<E>, route: R, handler: Handler<E>) {
  router.openAPIRegistry.registerPath(route);
  router.on(route.method.toUpperCase(), route.path.replaceAll(/\{([^}]+)\}/g, ":$1"), handler);
  return router;
}
