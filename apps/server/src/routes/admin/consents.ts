import type { Auth } from "@iam/auth";
import type { Db } from "@iam/db";
import { Hono } from "hono";
import { z } from "zod";
import { apiError } from "../../http/errors.ts";
import { consentView, findConsent, listConsents, revokeConsent, updateConsentScopes } from "./consent-store.ts";
import { pageQuery } from "./pagination.ts";
import type { AdminVariables } from "./require-admin.ts";
import { parseJson, parseParams, parseQuery } from "./validate.ts";

const listQuery = pageQuery.extend({
  user_id: z.string().min(1).max(200).optional(),
  client_id: z.string().min(1).max(200).optional(),
});
const idParam = z.object({ id: z.string().min(1).max(200) });
const updateBody = z.object({ scopes: z.array(z.string().trim().min(1).max(200)).min(1).max(100) }).strict();

/** `/api/admin/consents`: every user's consents; edit scopes; revoke (tokens included). */
export function consentRoutes(auth: Auth, db: Db) {
  /** What a consent may grant: the client's registered scopes, else everything the provider offers. */
  async function grantableScopes(clientScopes: string[] | null): Promise<string[]> {
    if (clientScopes?.length) return clientScopes;
    const metadata = await auth.api.getOpenIdConfig();
    return metadata.scopes_supported ?? [];
  }

  return new Hono<{ Variables: AdminVariables }>()
    .get("/", async (c) => {
      const query = parseQuery(c, listQuery);
      if (!query.ok) return query.response;
      return c.json(await listConsents(db, query.data));
    })
    .patch("/:id", async (c) => {
      const params = parseParams(c, idParam);
      if (!params.ok) return params.response;
      const body = await parseJson(c, updateBody);
      if (!body.ok) return body.response;
      const consent = await findConsent(db, params.data.id);
      if (!consent) return apiError(c, "not_found", "No such consent.");
      const allowed = await grantableScopes(consent.clientScopes);
      const refused = body.data.scopes.filter((scope) => !allowed.includes(scope));
      if (refused.length) return apiError(c, "invalid_request", `The client cannot be granted: ${refused.join(", ")}.`);
      const scopes = [...new Set(body.data.scopes)];
      const { tokensRevoked } = await updateConsentScopes(db, consent, scopes);
      const updated = await findConsent(db, consent.id);
      return updated ? c.json({ ...consentView(updated), tokens_revoked: tokensRevoked }) : apiError(c, "not_found", "No such consent.");
    })
    .delete("/:id", async (c) => {
      const params = parseParams(c, idParam);
      if (!params.ok) return params.response;
      const consent = await findConsent(db, params.data.id);
      if (!consent) return apiError(c, "not_found", "No such consent.");
      const revoked = await revokeConsent(db, consent);
      return c.json({ id: consent.id, revoked: true, access_tokens_revoked: revoked.accessTokens, refresh_tokens_revoked: revoked.refreshTokens });
    });
}
