import type { Db } from "@iam/db";
import { oauthClientRegistration } from "@iam/db/schema";
import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware, isAPIError } from "better-auth/api";
import { AUTH_PATHS } from "../auth-paths.ts";
import { findUsableInitialAccessToken } from "./initial-access-tokens.ts";

function registeredClientId(returned: unknown): string | null {
  if (!returned || typeof returned !== "object" || isAPIError(returned) || returned instanceof Response) return null;
  const clientId = (returned as Record<string, unknown>).client_id;
  return typeof clientId === "string" && clientId ? clientId : null;
}

/**
 * Marks each client the registration endpoint created, with the initial access token that
 * authorized it, so the console can tell them from the clients admins made.
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
          }),
        },
      ],
    },
  };
}
