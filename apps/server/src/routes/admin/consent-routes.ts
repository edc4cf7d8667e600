import { createRoute } from "@hono/zod-openapi";
import { consentIdParam, consentListQuery, consentPage, revokedConsent, updateConsentBody, updatedConsent } from "@iam/schemas";
import { adminRoute, jsonContent, listErrors, resourceErrors } from "../../openapi/api-router.ts";

/** `/api/admin/consents`: each route once, with its input and answers. Handlers: consents.ts. */
const byId = { ...adminRoute, path: "/{id}", request: { params: consentIdParam } } as const;

export const listConsentsRoute = createRoute({
  ...adminRoute,
  method: "get",
  path: "/",
  summary: "List consents of every user and client.",
  request: { query: consentListQuery },
  responses: { 200: { description: "A page of consents.", ...jsonContent(consentPage) }, ...listErrors },
});

export const updateConsentRoute = createRoute({
  ...byId,
  method: "patch",
  summary: "Narrow a consent's scopes (or widen them within the client's); removing any scope revokes the user's tokens for the client.",
  request: { ...byId.request, body: { required: true, ...jsonContent(updateConsentBody) } },
  responses: { 200: { description: "The consent as stored now, and whether tokens were revoked.", ...jsonContent(updatedConsent) }, ...resourceErrors },
});

export const deleteConsentRoute = createRoute({
  ...byId,
  method: "delete",
  summary: "Withdraw a consent and revoke the tokens granted under it.",
  responses: { 200: { description: "What was revoked.", ...jsonContent(revokedConsent) }, ...resourceErrors },
});
