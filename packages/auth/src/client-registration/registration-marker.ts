import type { Db } from "@iam/db";
import { oauthClient, oauthClientLogout, oauthClientRegistration } from "@iam/db/schema";
import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware, isAPIError } from "better-auth/api";
import { eq } from "drizzle-orm";
import { AUTH_PATHS } from "../auth-paths.ts";
import { findUsableInitialAccessToken } from "./initial-access-tokens.ts";

function registeredClientId(returned: unknown): string | null {
  if (!returned || typeof returned !== "object" || isAPIError(returned) || returned instanceof Response) return null;
  const clientId = (returned as Record<string, unknown>).client_id;
  return typeof clientId === "string" && clientId ? clientId : null;
}

/**
 * A registered `backchannel_logout_uri` (which the plugin validated: https, a public host) moves to
 * the project's table, where admin-made clients keep theirs: logout tokens then go through the
 * project's queue, with retries and the console's delivery status, and not also through the
 * plugin's one-shot delivery, which reads its own column.
 */
async function adoptBackchannelLogout(db: Db, clientId: string): Promise<void> {
  const [row] = await db
    .select({ uri: oauthClient.backchannelLogoutUri, sessionRequired: oauthClient.backchannelLogoutSessionRequired })
    .from(oauthClient)
    .where(eq(oauthClient.clientId, clientId));
  if (!row?.uri) return;
  await db.transaction(async (tx) => {
    await tx
      .insert(oauthClientLogout)
      .values({ clientId, uri: row.uri as string, sessionRequired: row.sessionRequired ?? false, updatedAt: new Date() })
      .onConflictDoNothing();
    // `sid` in ID tokens (which a relying party needs to match a logout token) needs end-session on.
    await tx
      .update(oauthClient)
      .set({ backchannelLogoutUri: null, backchannelLogoutSessionRequired: null, enableEndSession: true })
      .where(eq(oauthClient.clientId, clientId));
  });
}

/**
 * Marks each client the registration endpoint created, with the initial access token that
 * authorized it, so the console can tell them from the clients admins made; adopts its
 * back-channel logout URI.
 */
export function registrationMarker(db: Db): BetterAuthPlugin {
  return {
    id: "iam-registration-marker",
    hooks: {
      after: [
        {
          matcher: (ctx) => ctx.path === AUTH_PATHS.register,
          handler: createAuthMiddleware(async (ctx) => {
            const clientId = registeredClientId(ctx.context.returned);
            if (!clientId) return;
            const bearer = /^Bearer\s+(\S+)$/i.exec(ctx.headers?.get("authorization") ?? "")?.[1];
            const tokenId = bearer ? await findUsableInitialAccessToken(db, bearer) : null;
            await db.insert(oauthClientRegistration).values({ clientId, initialAccessTokenId: tokenId }).onConflictDoNothing();
            await adoptBackchannelLogout(db, clientId);
          }),
        },
      ],
    },
  };
}
