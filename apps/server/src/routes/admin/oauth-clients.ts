import { DEFAULT_TOKEN_POLICY, forgetClientAudience, readTokenPolicy, writeTokenPolicy } from "@iam/auth";
import { endSecretOverlap, previousSecretState, rotateClientSecret, SECRET_ROTATION_ERRORS } from "@iam/auth";
import type { Auth, PreviousSecretState } from "@iam/auth";
import type { Db } from "@iam/db";
import { checkClientRules, rotateSecretBody } from "@iam/schemas";
import type { ClientSecretState, RotatedOAuthClient, UpdateOAuthClientBody } from "@iam/schemas";
import { z } from "zod";
import { apiRouter, fail, failFromBetterAuth, invalidInput } from "../../openapi/api-router.ts";
import {
  createClientRoute,
  deleteClientRoute,
  endSecretOverlapRoute,
  getClientRoute,
  listClientsRoute,
  rotateSecretRoute,
  secretStateRoute,
  updateClientRoute,
} from "./oauth-client-routes.ts";
import {
  adoptClient,
  findClient,
  findRegistration,
  listClients,
  refreshPolicyProblem,
  splitUpdate,
  tokenPolicyChange,
  writeDirect,
} from "./oauth-client-store.ts";
import { logoutSettingsOf, splitLogoutFields, withLogout, writeLogoutFields } from "./client-logout-store.ts";
import { clientView, tokenPolicyView } from "./oauth-client-view.ts";
import type { AdminVariables } from "./require-admin.ts";

const mergedClient = z.looseObject({}).superRefine(checkClientRules);
const clientMetadata = invalidInput("client metadata");

/**
 * `/api/admin/oauth-clients`. Writes go through the plugin's own functions (create, update,
 * rotate, delete) so its checks apply; reads and the fields it cannot set use the table.
 */
export function oauthClientRoutes(auth: Auth, db: Db) {
  /** The stored client with its token policy and back-channel logout settings (both kept apart from the plugin's columns). */
  const view = async (row: Parameters<typeof clientView>[0]) =>
    withLogout(
      clientView(row, await readTokenPolicy(db, row.clientId), await findRegistration(db, row.clientId)),
      (await logoutSettingsOf(db, [row.clientId])).get(row.clientId),
    );
  return apiRouter<{ Variables: AdminVariables }>()
    .openapi(listClientsRoute, async (c) => {
      const page = await listClients(db, c.req.valid("query"));
      const settings = await logoutSettingsOf(
        db,
        page.clients.map((client) => client.client_id),
      );
      return c.json({ ...page, clients: page.clients.map((client) => withLogout(client, settings.get(client.client_id))) }, 200);
    })
    .openapi(
      createClientRoute,
      async (c) => {
        try {
          const { rest, logout } = splitLogoutFields(c.req.valid("json"));
          const { access_token_format, access_token_lifetime, refresh_token_policy, require_second_factor, ...body } = rest;
          const problem = refreshPolicyProblem({ refresh_token_policy, grant_types: body.grant_types, scope: body.scope });
          if (problem) return fail(c, "invalid_request", problem);
          const created = await auth.api.adminCreateOAuthClient({ body, headers: c.req.raw.headers });
          const change = tokenPolicyChange({ access_token_format, access_token_lifetime, refresh_token_policy, require_second_factor });
          const policy = Object.keys(change).length ? await writeTokenPolicy(db, created.client_id, change) : DEFAULT_TOKEN_POLICY;
          await writeLogoutFields(db, created.client_id, logout);
          const settings = (await logoutSettingsOf(db, [created.client_id])).get(created.client_id);
          c.header("Cache-Control", "no-store");
          const answer = { ...created, ...tokenPolicyView(policy) };
          return c.json(
            settings
              ? { ...answer, enable_end_session: true, backchannel_logout_uri: settings.uri, backchannel_logout_session_required: settings.sessionRequired }
              : answer,
            201,
          );
        } catch (error) {
          return failFromBetterAuth(c, error);
        }
      },
      clientMetadata,
    )
    .openapi(getClientRoute, async (c) => {
      const row = await findClient(db, c.req.valid("param").client_id);
      if (!row) return fail(c, "not_found", "No such client.");
      return c.json(await view(row), 200);
    })
    .openapi(
      updateClientRoute,
      async (c) => {
        const { rest: update, logout } = splitLogoutFields(c.req.valid("json"));
        const row = await findClient(db, c.req.valid("param").client_id);
        if (!row) return fail(c, "not_found", "No such client.");
        const merged = mergedClient.safeParse({ ...clientView(row), ...update });
        if (!merged.success) return fail(c, "invalid_request", "Invalid client metadata.", merged.error.issues);
        const problem = refreshPolicyProblem({ ...clientView(row, await readTokenPolicy(db, row.clientId)), ...update });
        if (problem) return fail(c, "invalid_request", problem);
        const { plugin, direct, policy } = splitUpdate(update as UpdateOAuthClientBody);
        try {
          // The plugin validates first (redirect URI rules, scopes); the columns it cannot set are
          // written only once it has accepted the rest.
          if (Object.keys(plugin).length) {
            await adoptClient(db, row);
            await auth.api.adminUpdateOAuthClient({ body: { client_id: row.clientId, update: plugin }, headers: c.req.raw.headers });
          }
          await writeDirect(db, row.clientId, direct);
          if (Object.keys(policy).length) await writeTokenPolicy(db, row.clientId, policy);
          await writeLogoutFields(db, row.clientId, logout);
        } catch (error) {
          return failFromBetterAuth(c, error);
        }
        const updated = await findClient(db, row.clientId);
        return updated ? c.json(await view(updated), 200) : fail(c, "not_found", "No such client.");
      },
      clientMetadata,
    )
    .openapi(deleteClientRoute, async (c) => {
      const row = await findClient(db, c.req.valid("param").client_id);
      if (!row) return fail(c, "not_found", "No such client.");
      try {
        await adoptClient(db, row);
        // Consents, access and refresh tokens reference the client with ON DELETE CASCADE: they go
        // in the same statement.
        await auth.api.deleteOAuthClient({ body: { client_id: row.clientId }, headers: c.req.raw.headers });
        await forgetClientAudience(db, row.clientId);
      } catch (error) {
        return failFromBetterAuth(c, error);
      }
      return c.body(null, 204);
    })
    .openapi(
      rotateSecretRoute,
      async (c) => {
        const clientId = c.req.valid("param").client_id;
        const { overlap_seconds } = rotateSecretBody.parse(c.req.valid("json") ?? {});
        const row = await findClient(db, clientId);
        if (!row) return fail(c, "not_found", "No such client.");
        if (row.tokenEndpointAuthMethod === "none") return fail(c, "invalid_request", "A public client has no secret to rotate.");
        // Not the plugin's rotate-secret: it writes the new secret alone, and the old one must
        // stay valid in the same transaction (@iam/auth client-secrets/previous-secret.ts).
        const rotated = await rotateClientSecret(db, clientId, overlap_seconds);
        if (!rotated.ok) {
          return rotated.error === SECRET_ROTATION_ERRORS.notFound
            ? fail(c, "not_found", "No such client.")
            : fail(c, "invalid_request", "A public client has no secret to rotate.");
        }
        const updated = await findClient(db, clientId);
        c.header("Cache-Control", "no-store");
        const answer: RotatedOAuthClient = {
          ...(updated ? clientView(updated, await readTokenPolicy(db, clientId)) : {}),
          client_id: clientId,
          client_secret: rotated.clientSecret,
          previous_secret_expires_at: epochSeconds(rotated.previousSecretExpiresAt),
        };
        return c.json(answer, 200);
      },
      invalidInput(),
    )
    .openapi(secretStateRoute, async (c) => {
      const clientId = c.req.valid("param").client_id;
      if (!(await findClient(db, clientId))) return fail(c, "not_found", "No such client.");
      return c.json(secretStateView(clientId, await previousSecretState(db, clientId)), 200);
    })
    .openapi(endSecretOverlapRoute, async (c) => {
      const clientId = c.req.valid("param").client_id;
      if (!(await findClient(db, clientId))) return fail(c, "not_found", "No such client.");
      await endSecretOverlap(db, clientId);
      return c.json(secretStateView(clientId, await previousSecretState(db, clientId)), 200);
    });
}

function epochSeconds(date: Date | null | undefined): number | null {
  return date ? Math.floor(date.getTime() / 1000) : null;
}

function secretStateView(clientId: string, state: PreviousSecretState | null): ClientSecretState {
  return {
    client_id: clientId,
    previous_secret_active: state !== null,
    previous_secret_rotated_at: epochSeconds(state?.rotatedAt),
    previous_secret_expires_at: epochSeconds(state?.expiresAt),
  };
}
