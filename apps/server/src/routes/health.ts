import type { DatabaseHealthView } from "../protocol/outage-as-503.ts";
import { Hono } from "hono";
import { apiError } from "../http/errors.ts";

/** A load balancer's check must not hang on a black-holed database connection. */
const READY_PING_TIMEOUT_MS = 1_000;

/**
 * `/healthz`: the process answers. `/readyz`: migrations are done and the database answers, so a
 * load balancer takes the instance out during a database outage and back in once it is over.
 */
export function healthRoutes(database: DatabaseHealthView, isReady: () => boolean) {
  return new Hono()
    .get("/healthz", (c) => c.json({ status: "ok" }))
    .get("/readyz", async (c) => {
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
