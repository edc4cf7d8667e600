import { createRoute } from "@hono/zod-openapi";
import {
  clientIdParam,
  clientSecretState,
  rotateSecretBody,
  createdOAuthClient,
  createOAuthClientBody,
  oauthClient,
  oauthClientListQuery,
  oauthClientPage,
  rotatedOAuthClient,
  updateOAuthClientBody,
} from "@iam/schemas";
import { adminRoute, jsonContent, listErrors, resourceErrors } from "../../openapi/api-router.ts";

/** `/api/admin/oauth-clients`: each route once, with its input and answers. Handlers: oauth-clients.ts. */
const base = { ...adminRoute, request: {} } as const;
const byId = { ...adminRoute, path: "/{client_id}", request: { params: clientIdParam } } as const;

export const listClientsRoute = createRoute({
  ...base,
  method: "get",
  path: "/",
  summary: "List every OAuth client (any owner).",
  request: { query: oauthClientListQuery },
  responses: { 200: { description: "A page of clients.", ...jsonContent(oauthClientPage) }, ...listErrors },
});

export const createClientRoute = createRoute({
  ...base,
  method: "post",
  path: "/",
  summary: "Register a client, admin-only fields included. Answers 201 with client_id and, this once, client_secret.",
  request: { body: { required: true, ...jsonContent(createOAuthClientBody) } },
  responses: { 201: { description: "The registered client, with its secret this once.", ...jsonContent(createdOAuthClient) }, ...listErrors },
});

export const getClientRoute = createRoute({
  ...byId,
  method: "get",
  summary: "One client, without its secret.",
  responses: { 200: { description: "The client.", ...jsonContent(oauthClient) }, ...resourceErrors },
});

export const updateClientRoute = createRoute({
  ...byId,
  method: "patch",
  summary: "Change a client's metadata, admin-only fields or disabled flag; null clears an optional field.",
  request: { ...byId.request, body: { required: true, ...jsonContent(updateOAuthClientBody) } },
  responses: { 200: { description: "The client as stored now.", ...jsonContent(oauthClient) }, ...resourceErrors },
});

export const deleteClientRoute = createRoute({
  ...byId,
  method: "delete",
  summary: "Delete a client with its tokens and consents.",
  responses: { 204: { description: "Deleted." }, ...resourceErrors },
});

export const rotateSecretRoute = createRoute({
  ...byId,
  method: "post",
  path: "/{client_id}/rotate-secret",
  summary: "Issue a new client secret (shown once). The old one keeps working for `overlap_seconds` (default 0: it stops at once); the answer says until when.",
  request: { ...byId.request, body: { required: false, ...jsonContent(rotateSecretBody) } },
  responses: { 200: { description: "The client with its new secret, shown this once.", ...jsonContent(rotatedOAuthClient) }, ...resourceErrors },
});

export const secretStateRoute = createRoute({
  ...byId,
  method: "get",
  path: "/{client_id}/secret",
  summary: "Whether the client's previous secret still works (an overlap window after a rotation), and until when.",
  responses: { 200: { description: "The secrets' state (never a secret).", ...jsonContent(clientSecretState) }, ...resourceErrors },
});

export const endSecretOverlapRoute = createRoute({
  ...byId,
  method: "delete",
  path: "/{client_id}/previous-secret",
  summary: "End the overlap window now: the previous secret is refused from the next request on.",
  responses: { 200: { description: "The secrets' state afterwards.", ...jsonContent(clientSecretState) }, ...resourceErrors },
});
