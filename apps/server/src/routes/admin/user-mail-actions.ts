import { createRoute } from "@hono/zod-openapi";
import type { Auth } from "@iam/auth";
import type { Db } from "@iam/db";
import { user } from "@iam/db/schema";
import { mailQueued, userIdParam } from "@iam/schemas";
import { eq } from "drizzle-orm";
import { adminRoute, apiRouter, fail, failFromBetterAuth, jsonContent, resourceErrors } from "../../openapi/api-router.ts";
import type { AdminVariables } from "./require-admin.ts";

const sendVerificationRoute = createRoute({
  ...adminRoute,
  method: "post",
  path: "/{id}/send-verification",
  summary: "Mail the user a new verification link (400 when the address is already verified).",
  request: { params: userIdParam },
  responses: { 200: { description: "Queued.", ...jsonContent(mailQueued) }, ...resourceErrors },
});

const sendPasswordResetRoute = createRoute({
  ...adminRoute,
  method: "post",
  path: "/{id}/send-password-reset",
  summary: "Mail the user a password-reset link; the admin never sees it.",
  request: { params: userIdParam },
  responses: { 200: { description: "Queued.", ...jsonContent(mailQueued) }, ...resourceErrors },
});

/** `/api/admin/users/{id}/…`: mail a person a link, through Better Auth's own endpoints. */
export function userMailActionRoutes(auth: Auth, db: Db, webUrl: string) {
  async function findUser(id: string) {
    const [row] = await db.select({ email: user.email, emailVerified: user.emailVerified }).from(user).where(eq(user.id, id)).limit(1);
    return row;
  }
  return apiRouter<{ Variables: AdminVariables }>()
    .openapi(sendVerificationRoute, async (c) => {
      const target = await findUser(c.req.valid("param").id);
      if (!target) return fail(c, "not_found", "No such user.");
      if (target.emailVerified) return fail(c, "invalid_request", "This address is already verified.");
      try {
        await auth.api.sendVerificationEmail({ body: { email: target.email, callbackURL: `${webUrl}/account` } });
      } catch (error) {
        return failFromBetterAuth(c, error);
      }
      return c.json({ queued: true as const }, 200);
    })
    .openapi(sendPasswordResetRoute, async (c) => {
      const target = await findUser(c.req.valid("param").id);
      if (!target) return fail(c, "not_found", "No such user.");
      try {
        await auth.api.requestPasswordReset({ body: { email: target.email, redirectTo: `${webUrl}/reset-password` } });
      } catch (error) {
        return failFromBetterAuth(c, error);
      }
      return c.json({ queued: true as const }, 200);
    });
}
