import type { Auth } from "@iam/auth";
import { Hono } from "hono";
import { apiError } from "../../http/errors.ts";
import { toHttpError } from "../../http/better-auth-error.ts";
import { createOAuthClientBody } from "./oauth-client-schema.ts";
import { requireAdmin } from "./require-admin.ts";
import type { AdminVariables } from "./require-admin.ts";

export function oauthClientRoutes(auth: Auth) {
  return new Hono<{ Variables: AdminVariables }>()
    .use(requireAdmin(auth))
    .post("/", async (c) => {
      const json: unknown = await c.req.json().catch(() => undefined);
      const parsed = createOAuthClientBody.safeParse(json);
      if (!parsed.success) return apiError(c, "invalid_request", "Invalid client metadata.", parsed.error.issues);
      try {
        const created = await auth.api.adminCreateOAuthClient({ body: parsed.data, headers: c.req.raw.headers });
        c.header("Cache-Control", "no-store");
        return c.json(created, 201);
      } catch (error) {
        return toHttpError(c, error);
      }
    });
}
