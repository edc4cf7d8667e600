import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";

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
        {
          // RFC 8628 §3.1: the device endpoint refuses a scope the client cannot be granted with
          // invalid_scope (the plugin would hand out a code whose consent shows a scope that is
          // never issued). Unlike authorize, it does not narrow: the plugin reads the body before
          // a hook's replacement reaches it.
          matcher: (ctx) => ctx.path === "/device/code" && typeof ctx.body?.scope === "string",
          handler: createAuthMiddleware(async (ctx) => {
            const body = ctx.body as Record<string, unknown>;
            const requested = String(body.scope).split(" ").filter(Boolean);
            const client =
              typeof body.client_id === "string"
                ? await ctx.context.adapter.findOne<StoredClient>({ model: "oauthClient", where: [{ field: "clientId", value: body.client_id }] })
                : null;
            const allowed = new Set(client?.scopes?.length ? client.scopes : providerScopes);
            const granted = requested.filter((scope) => allowed.has(scope));
            if (granted.length < requested.length) {
              throw new APIError("BAD_REQUEST", { error: "invalid_scope", error_description: "A requested scope cannot be granted to this client" });
            }
          }),
        },
      ],
    },
  };
}
