import { createRoute, z } from "@hono/zod-openapi";
import type { DatabaseHealthView } from "../protocol/outage-as-503.ts";
import { apiError } from "../http/errors.ts";
import { apiRouter, documented, errorResponses, jsonContent, publicRoute } from "../openapi/api-router.ts";

/** A load balancer's check must not hang on a black-holed database connection. */
const READY_PING_TIMEOUT_MS = 1_000;

const operations = publicRoute("Operations");

const healthzRoute = createRoute({
  ...operations,
  method: "get",
  path: "/healthz",
  summary: "Liveness: the process answers.",
  responses: { 200: { description: "Alive.", ...jsonContent(z.object({ status: z.literal("ok") })) } },
});

const readyzRoute = createRoute({
  ...operations,
  method: "get",
  path: "/readyz",
  summary: "Readiness: migrations applied and the database answers (503 otherwise).",
  responses: { 200: { description: "Ready to serve.", ...jsonContent(z.object({ status: z.literal("ready") })) }, ...errorResponses.unavailable },
});

/**
 * `/healthz`: the process answers. `/readyz`: migrations are done and the database answers, so a
 * load balancer takes the instance out during a database outage and back in once it is over.
 */
export function healthRoutes(database: DatabaseHealthView, isReady: () => boolean) {
  const router = apiRouter();
  documented(router, healthzRoute, (c) => c.json({ status: "ok" }));
  return documented(router, readyzRoute, async (c) => {
    if (!isReady()) return apiError(c, "temporarily_unavailable", "Migrations have not finished.");
    if (!database.isAvailable()) return apiError(c, "temporarily_unavailable", "The database or Redis does not answer.");
    try {
      await database.ping(READY_PING_TIMEOUT_MS);
      return c.json({ status: "ready" });
    } catch {
      database.reportTrouble();
      return apiError(c, "temporarily_unavailable", "The database does not answer.");
    }
  });
}
