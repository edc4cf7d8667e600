import { createRoute } from "@hono/zod-openapi";
import { notifiableClients } from "@iam/auth";
import type { Db } from "@iam/db";
import { oauthClient } from "@iam/db/schema";
import { backchannelLogoutRetry, backchannelLogoutStatus, clientIdParam, logoutReach } from "@iam/schemas";
import { inArray } from "drizzle-orm";
import { z } from "zod";
import { adminRoute, apiRouter, fail, jsonContent, resourceErrors } from "../../openapi/api-router.ts";
import { logoutStatus, retryNow } from "./client-logout-store.ts";
import { findClient } from "./oauth-client-store.ts";
import type { AdminVariables } from "./require-admin.ts";

const byClient = { ...adminRoute, request: { params: clientIdParam } } as const;

export const logoutStatusRoute = createRoute({
  ...byClient,
  method: "get",
  path: "/oauth-clients/{client_id}/backchannel-logout",
  summary: "Back-channel logout deliveries to this client: counts, last delivery, last failure, the latest ten.",
  responses: { 200: { description: "Delivery status.", ...jsonContent(backchannelLogoutStatus) }, ...resourceErrors },
});

export const logoutRetryRoute = createRoute({
  ...byClient,
  method: "post",
  path: "/oauth-clients/{client_id}/backchannel-logout/retry",
  summary: "Make every undelivered logout token of this client due now (the relying party is back).",
  responses: { 200: { description: "How many deliveries were scheduled.", ...jsonContent(backchannelLogoutRetry) }, ...resourceErrors },
});

export const logoutReachRoute = createRoute({
  ...adminRoute,
  method: "get",
  path: "/users/{user_id}/logout-reach",
  request: { params: z.object({ user_id: z.string().min(1).max(200) }) },
  summary: "Which applications holding this person's tokens would be told of a ban or sign-out, and which cannot be.",
  responses: { 200: { description: "Clients that can and cannot be notified.", ...jsonContent(logoutReach) }, ...resourceErrors },
});

/** Back-channel logout for the console: status per client, "retry now", and a ban's reach. */
export function backchannelLogoutRoutes(db: Db, wakeWorker: () => void) {
  return apiRouter<{ Variables: AdminVariables }>()
    .openapi(logoutStatusRoute, async (c) => {
      const { client_id } = c.req.valid("param");
      if (!(await findClient(db, client_id))) return fail(c, "not_found", "No such client.");
      return c.json(await logoutStatus(db, client_id), 200);
    })
    .openapi(logoutRetryRoute, async (c) => {
      const { client_id } = c.req.valid("param");
      if (!(await findClient(db, client_id))) return fail(c, "not_found", "No such client.");
      const scheduled = await retryNow(db, client_id);
      if (scheduled > 0) wakeWorker();
      return c.json({ scheduled }, 200);
    })
    .openapi(logoutReachRoute, async (c) => {
      const { notified, unreachable } = await notifiableClients(db, c.req.valid("param").user_id);
      const ids = [...notified, ...unreachable];
      const names = ids.length
        ? new Map(
            (await db.select({ id: oauthClient.clientId, name: oauthClient.name }).from(oauthClient).where(inArray(oauthClient.clientId, ids))).map((row) => [
              row.id,
              row.name ?? undefined,
            ]),
          )
        : new Map<string, string | undefined>();
      const named = (id: string) => ({ client_id: id, client_name: names.get(id) });
      return c.json({ notified: notified.map(named), unreachable: unreachable.map(named) }, 200);
    });
}
