import { createRoute } from "@hono/zod-openapi";
import { accountOverview } from "@iam/schemas";
import { errorResponses, jsonContent } from "../../openapi/api-router.ts";

/** `/api/account`: what the signed-in person's own account page reads. Handler: account.ts. */
export const accountOverviewRoute = createRoute({
  tags: ["Account"],
  security: [{ sessionCookie: [] }],
  method: "get",
  path: "/",
  summary:
    "The signed-in person's profile, active sessions (device, address, last use) and the applications they allowed, with client names. " +
    "Changes go through Better Auth's own endpoints (update-user, change-email, change-password, revoke-session, revoke-other-sessions, oauth2/delete-consent).",
  responses: {
    200: { description: "The account overview.", ...jsonContent(accountOverview) },
    401: errorResponses.admin[401],
  },
});
