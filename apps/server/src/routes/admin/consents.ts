import type { Auth } from "@iam/auth";
import type { Db } from "@iam/db";
import { apiRouter, fail } from "../../openapi/api-router.ts";
import { deleteConsentRoute, listConsentsRoute, updateConsentRoute } from "./consent-routes.ts";
import { consentView, findConsent, listConsents, revokeConsent, updateConsentScopes } from "./consent-store.ts";
import type { AdminVariables } from "./require-admin.ts";

/** `/api/admin/consents`: every user's consents; edit scopes; revoke (tokens included). */
export function consentRoutes(auth: Auth, db: Db) {
  /** What a consent may grant: the client's registered scopes, else everything the provider offers. */
  async function grantableScopes(clientScopes: string[] | null): Promise<string[]> {
    if (clientScopes?.length) return clientScopes;
    const metadata = await auth.api.getOpenIdConfig();
    return metadata.scopes_supported ?? [];
  }

  return apiRouter<{ Variables: AdminVariables }>()
    .openapi(listConsentsRoute, async (c) => c.json(await listConsents(db, c.req.valid("query")), 200))
    .openapi(updateConsentRoute, async (c) => {
      const body = c.req.valid("json");
      const consent = await findConsent(db, c.req.valid("param").id);
      if (!consent) return fail(c, "not_found", "No such consent.");
      const allowed = await grantableScopes(consent.clientScopes);
      const refused = body.scopes.filter((scope) => !allowed.includes(scope));
      if (refused.length) return fail(c, "invalid_request", `The client cannot be granted: ${refused.join(", ")}.`);
      const scopes = [...new Set(body.scopes)];
      const { tokensRevoked } = await updateConsentScopes(db, consent, scopes);
      const updated = await findConsent(db, consent.id);
      return updated ? c.json({ ...consentView(updated), tokens_revoked: tokensRevoked }, 200) : fail(c, "not_found", "No such consent.");
    })
    .openapi(deleteConsentRoute, async (c) => {
      const consent = await findConsent(db, c.req.valid("param").id);
      if (!consent) return fail(c, "not_found", "No such consent.");
      const revoked = await revokeConsent(db, consent);
      return c.json(
        { id: consent.id, revoked: true as const, access_tokens_revoked: revoked.accessTokens, refresh_tokens_revoked: revoked.refreshTokens },
        200,
      );
    });
}
