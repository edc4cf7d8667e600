import type { Auth, AuditWriter } from "@iam/auth";
import { AUDIT_ACTIONS, AUTH_PATHS, CLIENT_IP_HEADER, fullAuthPath } from "@iam/auth";
import type { Db } from "@iam/db";
import { createRoute } from "@hono/zod-openapi";
import { apiRouter, documented, publicRoute } from "../openapi/api-router.ts";
import { z } from "zod";
import { cookiesFrom, jsonCall } from "../end-user/account-forms.ts";
import { seeOther } from "../end-user/navigation.ts";
import { findOpenInvitation, markAccepted } from "./invitation-store.ts";

const acceptForm = z.object({
  token: z.string().min(1).max(200),
  name: z.string().trim().min(1).max(120),
  password: z.string().max(1_024),
});

/** Same bounds as sign-up (Better Auth's defaults). */
const PASSWORD_LENGTH = { min: 8, max: 128 };

export const ACCEPT_INVITATION_PATH = "/api/invitations/accept";

const acceptRoute = createRoute({
  ...publicRoute("Accounts"),
  method: "post",
  path: "/accept",
  summary: "The invitation page's native form post: creates the account, signs the person in, 303 to the account page (or back to the page with `error`).",
  request: { body: { required: true, content: { "application/x-www-form-urlencoded": { schema: acceptForm } } } },
  responses: { 303: { description: "To the console's /account with a session cookie, or back to its /accept-invitation with `error`." } },
});

/**
 * The invitation page's form (a native post; works without JavaScript). Creates the account the
 * admin's way (Better Auth's admin create-user, server-side), not through public sign-up, so an
 * invitation works whatever the sign-up policy; the address counts as verified (the link came to
 * it). Then signs the person in and sends them to their account page.
 */
export function acceptInvitationRoutes(auth: Auth, db: Db, webUrl: string, handle: (request: Request) => Promise<Response>, audit: AuditWriter) {
  const page = (params: Record<string, string>) => seeOther(`${webUrl}/accept-invitation?${new URLSearchParams(params).toString()}`);
  return documented(apiRouter(), acceptRoute, async (c) => {
    const fields = (c.req.header("content-type") ?? "").startsWith("application/x-www-form-urlencoded")
      ? new URLSearchParams(await c.req.text())
      : new URLSearchParams();
    const parsed = acceptForm.safeParse(Object.fromEntries(fields.entries()));
    if (!parsed.success) {
      const token = fields.get("token")?.slice(0, 200);
      return page(token ? { token, error: "invalid_form" } : { error: "invalid_invitation" });
    }
    const { token, name, password } = parsed.data;
    if (password.length < PASSWORD_LENGTH.min || password.length > PASSWORD_LENGTH.max) return page({ token, error: "weak_password" });
    const invitation = await findOpenInvitation(db, token);
    if (!invitation) return page({ error: "invalid_invitation" });
    let userId: string;
    try {
      const created = await auth.api.createUser({
        body: { email: invitation.email, password, name, role: invitation.role === "admin" ? "admin" : "user", data: { emailVerified: true } },
      });
      userId = created.user.id;
    } catch {
      // The address got an account meanwhile (a sign-up, another invitation): sign in instead.
      return page({ error: "account_exists" });
    }
    await markAccepted(db, invitation.id, userId);
    await audit({
      action: AUDIT_ACTIONS.invitationAccepted,
      actorUserId: userId,
      actorEmail: invitation.email,
      targetType: "invitation",
      targetId: invitation.id,
      ipAddress: c.req.header(CLIENT_IP_HEADER) ?? null,
      userAgent: c.req.header("user-agent") ?? null,
      details: { role: invitation.role },
    });
    const signIn = await handle(jsonCall(c.req.raw, fullAuthPath(AUTH_PATHS.signInEmail), { email: invitation.email, password }));
    if (!signIn.ok || !cookiesFrom(signIn)) return seeOther(`${webUrl}/sign-in?callbackURL=${encodeURIComponent(`${webUrl}/account`)}`);
    return seeOther(`${webUrl}/account`, signIn);
  });
}
