import type { Auth } from "@iam/auth";
import type { Db } from "@iam/db";
import { Hono } from "hono";
import { z } from "zod";
import { toHttpError } from "../../http/better-auth-error.ts";
import { apiError } from "../../http/errors.ts";
import { checkClientRules, clientIdParam, createOAuthClientBody, updateOAuthClientBody } from "./oauth-client-schema.ts";
import { adoptClient, findClient, listClients, splitUpdate, writeDirect } from "./oauth-client-store.ts";
import { clientView } from "./oauth-client-view.ts";
import { pageQuery } from "./pagination.ts";
import type { AdminVariables } from "./require-admin.ts";
import { parseJson, parseParams, parseQuery } from "./validate.ts";

const listQuery = pageQuery.extend({ status: z.enum(["enabled", "disabled"]).optional() });
const mergedClient = z.looseObject({}).superRefine(checkClientRules);

/**
 * `/api/admin/oauth-clients`. Writes go through the plugin's own functions (create, update,
 * rotate, delete) so its checks apply; reads and the fields it cannot set use the table.
 */
export function oauthClientRoutes(auth: Auth, db: Db) {
  return new Hono<{ Variables: AdminVariables }>()
    .get("/", async (c) => {
      const query = parseQuery(c, listQuery);
      if (!query.ok) return query.response;
      return c.json(await listClients(db, query.data));
    })
    .post("/", async (c) => {
      const body = await parseJson(c, createOAuthClientBody, "client metadata");
      if (!body.ok) return body.response;
      try {
        const created = await auth.api.adminCreateOAuthClient({ body: body.data, headers: c.req.raw.headers });
        c.header("Cache-Control", "no-store");
        return c.json(created, 201);
      } catch (error) {
        return toHttpError(c, error);
      }
    })
    .get("/:client_id", async (c) => {
      const params = parseParams(c, clientIdParam);
      if (!params.ok) return params.response;
      const row = await findClient(db, params.data.client_id);
      if (!row) return apiError(c, "not_found", "No such client.");
      return c.json(clientView(row));
    })
    .patch("/:client_id", async (c) => {
      const params = parseParams(c, clientIdParam);
      if (!params.ok) return params.response;
      const body = await parseJson(c, updateOAuthClientBody, "client metadata");
      if (!body.ok) return body.response;
      const row = await findClient(db, params.data.client_id);
      if (!row) return apiError(c, "not_found", "No such client.");
      const merged = mergedClient.safeParse({ ...clientView(row), ...body.data });
      if (!merged.success) return apiError(c, "invalid_request", "Invalid client metadata.", merged.error.issues);
      const { plugin, direct } = splitUpdate(body.data);
      try {
        // The plugin validates first (redirect URI rules, scopes); the columns it cannot set are
        // written only once it has accepted the rest.
        if (Object.keys(plugin).length) {
          await adoptClient(db, row);
          await auth.api.adminUpdateOAuthClient({ body: { client_id: row.clientId, update: plugin }, headers: c.req.raw.headers });
        }
        await writeDirect(db, row.clientId, direct);
      } catch (error) {
        return toHttpError(c, error);
      }
      const updated = await findClient(db, row.clientId);
      return updated ? c.json(clientView(updated)) : apiError(c, "not_found", "No such client.");
    })
    .delete("/:client_id", async (c) => {
      const params = parseParams(c, clientIdParam);
      if (!params.ok) return params.response;
      const row = await findClient(db, params.data.client_id);
      if (!row) return apiError(c, "not_found", "No such client.");
      try {
        await adoptClient(db, row);
        // Consents, access and refresh tokens reference the client with ON DELETE CASCADE: they go
        // in the same statement.
        await auth.api.deleteOAuthClient({ body: { client_id: row.clientId }, headers: c.req.raw.headers });
      } catch (error) {
        return toHttpError(c, error);
      }
      return c.body(null, 204);
    })
    .post("/:client_id/rotate-secret", async (c) => {
      const params = parseParams(c, clientIdParam);
      if (!params.ok) return params.response;
      const row = await findClient(db, params.data.client_id);
      if (!row) return apiError(c, "not_found", "No such client.");
      if (row.tokenEndpointAuthMethod === "none") return apiError(c, "invalid_request", "A public client has no secret to rotate.");
      try {
        await adoptClient(db, row);
        const rotated = await auth.api.rotateClientSecret({ body: { client_id: row.clientId }, headers: c.req.raw.headers });
        const updated = await findClient(db, row.clientId);
        c.header("Cache-Control", "no-store");
        return c.json({ ...(updated ? clientView(updated) : {}), client_id: row.clientId, client_secret: rotated.client_secret });
      } catch (error) {
        return toHttpError(c, error);
      }
    });
}
