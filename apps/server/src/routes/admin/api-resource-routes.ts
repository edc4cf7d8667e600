import { createRoute } from "@hono/zod-openapi";
import { apiResource, apiResourceIdParam, apiResourceList, apiResourceListQuery, createApiResourceBody, updateApiResourceBody } from "@iam/schemas";
import { adminRoute, jsonContent, listErrors, resourceErrors } from "../../openapi/api-router.ts";

/** `/api/admin/api-resources`: each route once, with its input and answers. Handlers: api-resources.ts. */
const byId = { ...adminRoute, path: "/{id}", request: { params: apiResourceIdParam } } as const;

export const listApiResourcesRoute = createRoute({
  ...adminRoute,
  method: "get",
  path: "/",
  summary: "List the APIs (RFC 8707 resources) tokens can be requested for; q searches identifier and name, client_id keeps the APIs that client may request.",
  request: { query: apiResourceListQuery },
  responses: { 200: { description: "Every declared API.", ...jsonContent(apiResourceList) }, ...listErrors },
});

export const createApiResourceRoute = createRoute({
  ...adminRoute,
  method: "post",
  path: "/",
  summary: "Declare an API: its identifier URI (the tokens' aud), its scopes and the clients that may request it.",
  request: { body: { required: true, ...jsonContent(createApiResourceBody) } },
  responses: { 201: { description: "The API as stored.", ...jsonContent(apiResource) }, ...listErrors },
});

export const getApiResourceRoute = createRoute({
  ...byId,
  method: "get",
  summary: "One declared API.",
  responses: { 200: { description: "The API.", ...jsonContent(apiResource) }, ...resourceErrors },
});

export const updateApiResourceRoute = createRoute({
  ...byId,
  method: "patch",
  summary: "Change an API's name, scopes, clients, token lifetime or disabled flag (its identifier is fixed).",
  request: { ...byId.request, body: { required: true, ...jsonContent(updateApiResourceBody) } },
  responses: { 200: { description: "The API as stored now.", ...jsonContent(apiResource) }, ...resourceErrors },
});

export const deleteApiResourceRoute = createRoute({
  ...byId,
  method: "delete",
  summary: "Remove an API; requests for it are then invalid_target.",
  responses: { 204: { description: "Deleted." }, ...resourceErrors },
});
