import type { Auth } from "@iam/auth";
import type { Db } from "@iam/db";
import { passkey, twoFactor, user } from "@iam/db/schema";
import { asc, count, eq, isNotNull, or } from "drizzle-orm";
import { createRoute } from "@hono/zod-openapi";
import { secondFactorList, secondFactorListQuery, secondFactorReset, secondFactorUserParam } from "@iam/schemas";
import type { PersonSecondFactors } from "@iam/schemas";
import { adminRoute, apiRouter, fail, jsonContent, listErrors, resourceErrors } from "../../openapi/api-router.ts";
import type { AdminVariables } from "./require-admin.ts";

/** More than any console screen shows at once; past it, the list says nothing about the rest. */
const LIST_LIMIT = 1000;

const listRoute = createRoute({
  ...adminRoute,
  method: "get",
  path: "/",
  request: { query: secondFactorListQuery },
  summary: "Who has which second factor (an authenticator app, confirmed or pending; passkeys; a lock after wrong codes).",
  responses: { 200: { description: "People with a second factor, by email.", ...jsonContent(secondFactorList) }, ...listErrors },
});

const resetRoute = createRoute({
  ...adminRoute,
  method: "delete",
  path: "/{user_id}",
  request: { params: secondFactorUserParam },
  summary: "Remove a person's second factors (authenticator app, backup codes and passkeys), for one locked out of them, and end their sessions; audited.",
  responses: { 200: { description: "What was removed.", ...jsonContent(secondFactorReset) }, ...resourceErrors },
});

/**
 * `/api/admin/second-factors`: the recovery path for a person who lost the authenticator app and
 * the backup codes (or their passkeys). Resetting removes the factor; the person signs in with the password and enrolls
 * again. The person's sessions end too: a session signed in with the removed factor would still
 * say `mfa`, and a factor reset because a phone was lost or stolen should not leave sessions
 * opened with it. The audit entry (`second_factor.reset`) comes from adminAudit.
 */
export function secondFactorRoutes(db: Db, auth: Auth) {
  return apiRouter<{ Variables: AdminVariables }>()
    .openapi(listRoute, async (c) => {
      // One bounded query: people with an authenticator app or a passkey, by email.
      const passkeyCount = db
        .select({ userId: passkey.userId, passkeys: count().as("passkeys") })
        .from(passkey)
        .groupBy(passkey.userId)
        .as("passkey_count");
      const rows = await db
        .select({
          userId: user.id,
          email: user.email,
          name: user.name,
          appId: twoFactor.id,
          verified: twoFactor.verified,
          lockedUntil: twoFactor.lockedUntil,
          passkeys: passkeyCount.passkeys,
        })
        .from(user)
        .leftJoin(twoFactor, eq(twoFactor.userId, user.id))
        .leftJoin(passkeyCount, eq(passkeyCount.userId, user.id))
        .where(or(isNotNull(twoFactor.id), isNotNull(passkeyCount.userId)))
        .orderBy(asc(user.email))
        .limit(c.req.valid("query").limit ?? LIST_LIMIT);
      const now = Date.now();
      const people: PersonSecondFactors[] = rows.map((row) => ({
        user_id: row.userId,
        email: row.email,
        name: row.name,
        totp: row.appId !== null && row.verified !== false,
        totp_pending: row.appId !== null && row.verified === false,
        passkeys: Number(row.passkeys ?? 0),
        locked_until: row.lockedUntil && row.lockedUntil.getTime() > now ? row.lockedUntil.toISOString() : null,
      }));
      return c.json({ people }, 200);
    })
    .openapi(resetRoute, async (c) => {
      const { user_id } = c.req.valid("param");
      const removed = await db.transaction(async (tx) => {
        const [person] = await tx.update(user).set({ twoFactorEnabled: false }).where(eq(user.id, user_id)).returning({ id: user.id });
        if (!person) return undefined;
        const apps = await tx.delete(twoFactor).where(eq(twoFactor.userId, user_id)).returning({ id: twoFactor.id });
        // Passkeys too: a required second factor would otherwise still ask for the lost one.
        const keys = await tx.delete(passkey).where(eq(passkey.userId, user_id)).returning({ id: passkey.id });
        return apps.length + keys.length > 0;
      });
      if (removed === undefined) return fail(c, "not_found", "No such user.");
      // Through Better Auth, so Redis copies and back-channel logout follow as for any ended session.
      await (await auth.$context).internalAdapter.deleteUserSessions(user_id);
      return c.json({ user_id, removed, sessions_ended: true }, 200);
    });
}
