import { createRoute } from "@hono/zod-openapi";
import type { Db } from "@iam/db";
import { createInvitationBody, invitationIdParam, invitationListQuery, invitationPage, invitationView as invitationSchema } from "@iam/schemas";
import { adminRoute, apiRouter, errorResponses, fail, jsonContent, listErrors, resourceErrors } from "../openapi/api-router.ts";
import type { AdminVariables } from "../routes/admin/require-admin.ts";
import { invitationMail, MAIL_KINDS } from "../mail/account-mails.ts";
import type { MailQueue } from "../mail/mail-queue.ts";
import { accountExists, createInvitation, invitationView, listInvitations, renewInvitation, revokeInvitation } from "./invitation-store.ts";
import type { InvitationRow } from "./invitation-store.ts";

const listInvitationsRoute = createRoute({
  ...adminRoute,
  method: "get",
  path: "/",
  summary: "Invitations, newest first, with their status (pending, accepted, revoked, expired).",
  request: { query: invitationListQuery },
  responses: { 200: { description: "A page of invitations.", ...jsonContent(invitationPage) }, ...listErrors },
});

const createInvitationRoute = createRoute({
  ...adminRoute,
  method: "post",
  path: "/",
  summary: "Invite an address (optionally as an admin); the link is mailed, never returned.",
  request: { body: { required: true, ...jsonContent(createInvitationBody) } },
  responses: { 201: { description: "The invitation.", ...jsonContent(invitationSchema) }, ...errorResponses.admin, ...errorResponses.invalid },
});

const resendInvitationRoute = createRoute({
  ...adminRoute,
  method: "post",
  path: "/{id}/resend",
  summary: "Mail a fresh link (the previous one stops working) valid for 7 more days.",
  request: { params: invitationIdParam },
  responses: { 200: { description: "The invitation.", ...jsonContent(invitationSchema) }, ...resourceErrors },
});

const revokeInvitationRoute = createRoute({
  ...adminRoute,
  method: "delete",
  path: "/{id}",
  summary: "Revoke a pending invitation: its link stops working.",
  request: { params: invitationIdParam },
  responses: { 200: { description: "The revoked invitation.", ...jsonContent(invitationSchema) }, ...resourceErrors },
});

/** `/api/admin/invitations`: invite by email, list, re-send, revoke. */
export function invitationRoutes(db: Db, queue: MailQueue, webUrl: string) {
  async function mailLink(row: InvitationRow, token: string) {
    const url = `${webUrl}/accept-invitation?token=${encodeURIComponent(token)}`;
    await queue.enqueue(MAIL_KINDS.invitation, row.email, invitationMail(url, row.expiresAt), url);
  }

  return apiRouter<{ Variables: AdminVariables }>()
    .openapi(listInvitationsRoute, async (c) => c.json(await listInvitations(db, c.req.valid("query")), 200))
    .openapi(createInvitationRoute, async (c) => {
      const body = c.req.valid("json");
      if (await accountExists(db, body.email)) return fail(c, "invalid_request", "An account with this email already exists.");
      const { row, token } = await createInvitation(db, {
        email: body.email,
        role: body.role,
        invitedBy: c.get("adminUserId"),
        expiresInDays: body.expires_in_days,
      });
      await mailLink(row, token);
      return c.json(invitationView(row), 201);
    })
    .openapi(resendInvitationRoute, async (c) => {
      const renewed = await renewInvitation(db, c.req.valid("param").id);
      if (!renewed) return fail(c, "not_found", "No pending or expired invitation with this id.");
      await mailLink(renewed.row, renewed.token);
      return c.json(invitationView(renewed.row), 200);
    })
    .openapi(revokeInvitationRoute, async (c) => {
      const row = await revokeInvitation(db, c.req.valid("param").id);
      return row ? c.json(invitationView(row), 200) : fail(c, "not_found", "No pending invitation with this id.");
    });
}
