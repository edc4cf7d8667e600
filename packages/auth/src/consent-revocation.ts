import type { Db } from "@iam/db";
import { oauthConsent } from "@iam/db/schema";
import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware, getSessionFromCtx, isAPIError } from "better-auth/api";
import { eq } from "drizzle-orm";
import { revokeOAuthTokens, revokeTokensBeyondScopes } from "./token-revocation.ts";
import { AUTH_PATHS } from "./auth-paths.ts";

type Body = Record<string, unknown>;

interface ConsentOwner {
  userId: string;
  clientId: string;
  seenAt: number;
}

/** A deletion is looked up before it runs and acted on after; an entry older than this is stale. */
const PENDING_TTL_MS = 60_000;

const str = (value: unknown): string | null => (typeof value === "string" && value ? value : null);

const succeeded = (returned: unknown) => !isAPIError(returned) && !(returned instanceof Response && returned.status >= 400);

/**
 * A person's own consent changes reach their tokens, as the admin routes' do (the plugin changes
 * only the consent row, and its refresh grant and userinfo never look at consents):
 * - `/oauth2/update-consent` that withdraws a scope deletes that person's tokens for the client
 *   carrying it, so neither a refresh nor userinfo goes beyond the consent left;
 * - `/oauth2/delete-consent` deletes that person's access and refresh tokens for the client.
 */
export function consentRevocation(db: Db): BetterAuthPlugin {
  // The plugin's delete answers nothing: whose consent it was is read before it runs.
  const pendingDeletes = new Map<string, ConsentOwner>();

  function forget(now: number) {
    for (const [key, entry] of pendingDeletes) if (now - entry.seenAt > PENDING_TTL_MS) pendingDeletes.delete(key);
  }

  return {
    id: "iam-consent-revocation",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === AUTH_PATHS.deleteConsent,
          handler: createAuthMiddleware(async (ctx) => {
            const id = str((ctx.body as Body | undefined)?.id);
            const session = await getSessionFromCtx(ctx);
            if (!id || !session) return;
            const [consent] = await db
              .select({ userId: oauthConsent.userId, clientId: oauthConsent.clientId })
              .from(oauthConsent)
              .where(eq(oauthConsent.id, id))
              .limit(1);
            // Someone else's consent is the plugin's to refuse; nothing of theirs is touched here.
            if (!consent || consent.userId !== session.user.id) return;
            const now = Date.now();
            forget(now);
            pendingDeletes.set(`${session.user.id}:${id}`, { userId: session.user.id, clientId: consent.clientId, seenAt: now });
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path === AUTH_PATHS.deleteConsent,
          handler: createAuthMiddleware(async (ctx) => {
            const id = str((ctx.body as Body | undefined)?.id);
            const userId = ctx.context.session?.user.id;
            if (!id || !userId) return;
            const key = `${userId}:${id}`;
            const owner = pendingDeletes.get(key);
            pendingDeletes.delete(key);
            if (owner && succeeded(ctx.context.returned)) await revokeOAuthTokens(db, { userId: owner.userId, clientId: owner.clientId });
          }),
        },
        {
          matcher: (ctx) => ctx.path === AUTH_PATHS.updateConsent,
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned;
            if (!succeeded(returned) || !returned || typeof returned !== "object") return;
            // The updated consent row, as the plugin answers it.
            const consent = returned as Body;
            const userId = str(consent.userId);
            const clientId = str(consent.clientId);
            const scopes = Array.isArray(consent.scopes) ? consent.scopes.filter((scope): scope is string => typeof scope === "string") : null;
            if (!userId || !clientId || !scopes) return;
            await revokeTokensBeyondScopes(db, { userId, clientId }, scopes);
          }),
        },
      ],
    },
  };
}
