import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware } from "better-auth/api";

interface StoredClient {
  scopes?: string[] | null;
}

/**
 * Drops requested scopes the client may not have instead of failing the whole authorization
 * (RFC 6749 §3.3 lets the server narrow; the token response's `scope` says what was granted),
 * as node-oidc-provider and Keycloak do: some relying-party libraries request every scope the
 * discovery document lists. When nothing grantable is left, the request goes on unchanged and
 * fails with `invalid_scope` as before, rather than silently widening to the client's default.
 */
export function scopeNarrowing(providerScopes: readonly string[]): BetterAuthPlugin {
  return {
    id: "iam-scope-narrowing",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === "/oauth2/authorize" && typeof ctx.query?.scope === "string" && typeof ctx.query?.client_id === "string",
          handler: createAuthMiddleware(async (ctx) => {
            const query = ctx.query as Record<string, unknown>;
            const requested = String(query.scope).split(" ").filter(Boolean);
            const client = await ctx.context.adapter.findOne<StoredClient>({
              model: "oauthClient",
              where: [{ field: "clientId", value: String(query.client_id) }],
            });
            if (!client) return;
            const allowed = new Set(client.scopes?.length ? client.scopes : providerScopes);
            const granted = requested.filter((scope) => allowed.has(scope));
            if (granted.length === 0 || granted.length === requested.length) return;
            return { context: { query: { ...query, scope: granted.join(" ") } } };
          }),
        },
      ],
    },
  };
}
