import type { Context } from "hono";
import type { z } from "zod";
import { apiError } from "../../http/errors.ts";

export type Parsed<T> = { ok: true; data: T } | { ok: false; response: Response };

/** PostgreSQL text cannot hold NUL; such input would otherwise fail in the database as a 500. */
function containsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(containsNul);
  if (value && typeof value === "object") return Object.entries(value).some(([key, item]) => containsNul(key) || containsNul(item));
  return false;
}

function parse<S extends z.ZodType>(c: Context, schema: S, input: unknown, what: string): Parsed<z.infer<S>> {
  if (containsNul(input)) return { ok: false, response: apiError(c, "invalid_request", `Invalid ${what}: NUL characters are not allowed.`) };
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, response: apiError(c, "invalid_request", `Invalid ${what}.`, parsed.error.issues) };
}

/** A JSON body checked against `schema`; a body that is not JSON is an `invalid_request` too. */
export async function parseJson<S extends z.ZodType>(c: Context, schema: S, what = "request body"): Promise<Parsed<z.infer<S>>> {
  const json: unknown = await c.req.json().catch(() => undefined);
  return parse(c, schema, json, what);
}

export function parseQuery<S extends z.ZodType>(c: Context, schema: S): Parsed<z.infer<S>> {
  return parse(c, schema, c.req.query(), "query parameters");
}

export function parseParams<S extends z.ZodType>(c: Context, schema: S): Parsed<z.infer<S>> {
  return parse(c, schema, c.req.param(), "path");
}
