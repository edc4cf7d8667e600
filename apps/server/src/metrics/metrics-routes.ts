import { timingSafeEqual } from "node:crypto";
import { createRoute, z } from "@hono/zod-openapi";
import { apiError } from "../http/errors.ts";
import { apiRouter, documented, errorResponses, publicRoute } from "../openapi/api-router.ts";
import type { Metrics } from "./metrics.ts";

const metricsRoute = createRoute({
  ...publicRoute("Operations"),
  security: [{ metricsToken: [] }],
  method: "get",
  path: "/metrics",
  summary: "Prometheus metrics: requests, latency, sign-ins, tokens per grant, sessions, database pool. Bearer METRICS_TOKEN; off in production without one.",
  responses: {
    200: { description: "Prometheus text exposition format.", content: { "text/plain": { schema: z.string() } } },
    ...errorResponses.bearer,
    ...errorResponses.notFound,
  },
});

export interface MetricsAccess {
  production: boolean;
  /** Bearer token a scraper must send; required in production, where /metrics is off without it. */
  token?: string;
}

export function metricsRoutes({ registry }: Metrics, access: MetricsAccess) {
  return documented(apiRouter(), metricsRoute, async (c) => {
    if (access.production && !access.token) return apiError(c, "not_found");
    if (access.token && !bearerMatches(c.req.header("authorization"), access.token)) {
      c.header("WWW-Authenticate", 'Bearer realm="metrics"');
      return apiError(c, "unauthorized", "A valid metrics bearer token is required.");
    }
    c.header("Cache-Control", "no-store");
    return c.body(await registry.metrics(), 200, { "Content-Type": registry.contentType });
  });
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = Buffer.from(header?.match(/^Bearer\s+(.+)$/i)?.[1] ?? "");
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
