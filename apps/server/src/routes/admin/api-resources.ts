import type { Db } from "@iam/db";
import { apiRouter, fail, invalidInput } from "../../openapi/api-router.ts";
import { createApiResourceRoute, deleteApiResourceRoute, getApiResourceRoute, listApiResourcesRoute, updateApiResourceRoute } from "./api-resource-routes.ts";
import {
  createApiResource,
  deleteApiResource,
  findApiResource,
  identifierTaken,
  listApiResources,
  unknownClients,
  updateApiResource,
} from "./api-resource-store.ts";
import type { AdminVariables } from "./require-admin.ts";

const apiInput = invalidInput("API");

/**
 * `/api/admin/api-resources`: the APIs (RFC 8707 resources) this provider issues JWT access
 * tokens for. `grantableScopes` are the provider's scopes: an API scope outside them could never
 * be granted, so it is refused here rather than failing every later request.
 */
export function apiResourceRoutes(db: Db, grantableScopes: () => readonly string[]) {
  const checkScopes = (scopes: readonly string[] | undefined) => {
    const grantable = new Set(grantableScopes());
    return (scopes ?? []).filter((scope) => !grantable.has(scope));
  };
  return apiRouter<{ Variables: AdminVariables }>()
    .openapi(listApiResourcesRoute, async (c) => c.json({ resources: await listApiResources(db, c.req.valid("query")) }, 200))
    .openapi(
      createApiResourceRoute,
      async (c) => {
        const input = c.req.valid("json");
        const badScopes = checkScopes(input.scopes);
        if (badScopes.length) return fail(c, "invalid_request", `Not a scope of this provider (API_SCOPES): ${badScopes.join(", ")}.`);
        const missing = await unknownClients(db, input.client_ids);
        if (missing.length) return fail(c, "invalid_request", `No such client: ${missing.join(", ")}.`);
        if (await identifierTaken(db, input.identifier)) return fail(c, "invalid_request", "An API with this identifier exists already.");
        const created = await findApiResource(db, await createApiResource(db, input));
        return created ? c.json(created, 201) : fail(c, "invalid_request", "The API could not be stored.");
      },
      apiInput,
    )
    .openapi(getApiResourceRoute, async (c) => {
      const found = await findApiResource(db, c.req.valid("param").id);
      return found ? c.json(found, 200) : fail(c, "not_found", "No such API.");
    })
    .openapi(
      updateApiResourceRoute,
      async (c) => {
        const current = await findApiResource(db, c.req.valid("param").id);
        if (!current) return fail(c, "not_found", "No such API.");
        const update = c.req.valid("json");
        const badScopes = checkScopes(update.scopes);
        if (badScopes.length) return fail(c, "invalid_request", `Not a scope of this provider (API_SCOPES): ${badScopes.join(", ")}.`);
        const missing = await unknownClients(db, update.client_ids ?? []);
        if (missing.length) return fail(c, "invalid_request", `No such client: ${missing.join(", ")}.`);
        await updateApiResource(db, current, update);
        const updated = await findApiResource(db, current.id);
        return updated ? c.json(updated, 200) : fail(c, "not_found", "No such API.");
      },
      apiInput,
    )
    .openapi(deleteApiResourceRoute, async (c) => {
      const current = await findApiResource(db, c.req.valid("param").id);
      if (!current) return fail(c, "not_found", "No such API.");
      await deleteApiResource(db, current.id);
      return c.body(null, 204);
    });
}
