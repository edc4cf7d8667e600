import type { Database } from "@iam/db";
import { Hono } from "hono";
import { apiError } from "../http/errors.ts";

/** `/healthz`: the process answers. `/readyz`: migrations are done and the database answers. */
export function healthRoutes(database: Database, isReady: () => boolean) {
  return new Hono()
    .get("/healthz", (c) => c.json({ status: "ok" }))
    .get("/readyz", async (c) => {
      if (!isReady()) return apiError(c, "temporarily_unavailable", "Migrations have not finished.");
      try {
        await database.ping();
        return c.json({ status: "ready" });
      } catch {
        return apiError(c, "temporarily_unavailable", "The database does not answer.");
      }
    });
}
