import { createRoute } from "@hono/zod-openapi";
import { issueInitialAccessToken, listInitialAccessTokens, revokeInitialAccessToken } from "@iam/auth";
import type { InitialAccessTokenRow } from "@iam/auth";
import type { Db } from "@iam/db";
import {
  createInitialAccessTokenBody,
  initialAccessTokenIdParam,
  initialAccessTokenList,
  initialAccessTokenView,
  issuedInitialAccessToken,
} from "@iam/schemas";
import type { InitialAccessTokenView } from "@iam/schemas";
import { adminRoute, apiRouter, fail, jsonContent, listErrors, resourceErrors } from "../../openapi/api-router.ts";
import type { AdminVariables } from "./require-admin.ts";

const seconds = (date: Date | null) => (date ? Math.floor(date.getTime() / 1000) : null);

function tokenView(row: Omit<InitialAccessTokenRow, "tokenHash">, now = Date.now()): InitialAccessTokenView {
  const status = row.revokedAt ? "revoked" : row.expiresAt && row.expiresAt.getTime() <= now ? "expired" : "active";
  return {
    id: row.id,
    name: row.name,
    status,
    created_at: seconds(row.createdAt) ?? 0,
    created_by: row.createdBy,
    expires_at: seconds(row.expiresAt),
    revoked_at: seconds(row.revokedAt),
    last_used_at: seconds(row.lastUsedAt),
  };
}

const listRoute = createRoute({
  ...adminRoute,
  method: "get",
  path: "/",
  summary: "Initial access tokens for the registration endpoint (RFC 7591 §3), newest first; never the tokens themselves.",
  responses: { 200: { description: "The tokens.", ...jsonContent(initialAccessTokenList) }, ...listErrors },
});

const issueRoute = createRoute({
  ...adminRoute,
  method: "post",
  path: "/",
  summary: "Issue an initial access token; the answer holds it this once (only its hash is stored).",
  request: { body: { required: true, ...jsonContent(createInitialAccessTokenBody) } },
  responses: { 201: { description: "The token, shown once.", ...jsonContent(issuedInitialAccessToken) }, ...listErrors },
});

const revokeRoute = createRoute({
  ...adminRoute,
  method: "delete",
  path: "/{id}",
  summary: "Revoke an initial access token: registrations with it are refused from now on; clients it registered stay.",
  request: { params: initialAccessTokenIdParam },
  responses: { 200: { description: "The token, revoked.", ...jsonContent(initialAccessTokenView) }, ...resourceErrors },
});

/** `/api/admin/initial-access-tokens`. */
export function initialAccessTokenRoutes(db: Db) {
  return apiRouter<{ Variables: AdminVariables }>()
    .openapi(listRoute, async (c) => c.json({ tokens: (await listInitialAccessTokens(db)).map((row) => tokenView(row)) }, 200))
    .openapi(issueRoute, async (c) => {
      const body = c.req.valid("json");
      const issued = await issueInitialAccessToken(db, {
        name: body.name,
        createdBy: c.get("adminUserId"),
        expiresAt: body.expires_in ? new Date(Date.now() + body.expires_in * 1000) : null,
      });
      c.header("Cache-Control", "no-store");
      const view = tokenView({ ...issued, createdBy: c.get("adminUserId"), revokedAt: null, lastUsedAt: null });
      return c.json({ ...view, token: issued.token }, 201);
    })
    .openapi(revokeRoute, async (c) => {
      const revoked = await revokeInitialAccessToken(db, c.req.valid("param").id);
      if (!revoked) return fail(c, "not_found", "No such token, or it is already revoked.");
      return c.json(tokenView(revoked), 200);
    });
}
