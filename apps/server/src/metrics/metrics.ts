import type { Database } from "@iam/db";
import { session } from "@iam/db/schema";
import { count, gt } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import { parsedBody } from "../http/request-body.ts";
import type { RequestBody, RequestBodyVariables } from "../http/request-body.ts";
import { matchedRoutes } from "hono/route";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { AUTH_PATHS, fullAuthPath } from "@iam/auth";

const SIGN_IN_PATHS = new Set<string>([fullAuthPath(AUTH_PATHS.signInEmail)]);
const TOKEN_PATH = fullAuthPath(AUTH_PATHS.token);
const DATABASE_GAUGE_TIMEOUT_MS = 1_000;
const GRANT_TYPES = new Set(["authorization_code", "refresh_token", "client_credentials"]);

export interface Metrics {
  registry: Registry;
  middleware: MiddlewareHandler<{ Variables: RequestBodyVariables }>;
}

/**
 * One registry per server instance (tests run several in one process). Labels stay bounded:
 * routes are Hono's patterns, or Better Auth's endpoint paths, never raw URLs.
 */
export function createMetrics(database: Database, authEndpointPaths: ReadonlySet<string>): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "iam_" });
  const requests = new Counter({
    name: "iam_http_requests_total",
    help: "HTTP requests by method, route and status.",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: "iam_http_request_duration_seconds",
    help: "HTTP request latency by method, route and status.",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const signIns = new Counter({
    name: "iam_sign_ins_total",
    help: "Password sign-ins by result (success, failure, rate_limited).",
    labelNames: ["result"] as const,
    registers: [registry],
  });
  const tokens = new Counter({
    name: "iam_tokens_issued_total",
    help: "Successful token endpoint responses by grant type.",
    labelNames: ["grant_type"] as const,
    registers: [registry],
  });
  new Gauge({
    name: "iam_active_sessions",
    help: "Unexpired sessions (all instances: read from the database at scrape time).",
    registers: [registry],
    async collect() {
      const rows = await fromDatabase(database, () => database.db.select({ value: count() }).from(session).where(gt(session.expiresAt, new Date())));
      if (rows) this.set(rows[0]?.value ?? 0);
    },
  });
  new Gauge({
    name: "iam_db_pool_connections",
    help: "Database connections of this instance by state (open, active) and the pool's max.",
    labelNames: ["state"] as const,
    registers: [registry],
    async collect() {
      const stats = await fromDatabase(database, () => database.poolStats());
      if (!stats) return;
      this.set({ state: "max" }, stats.max);
      this.set({ state: "open" }, stats.open);
      this.set({ state: "active" }, stats.active);
    },
  });

  new Gauge({
    name: "iam_database_available",
    help: "1 while this instance reaches its database, 0 during an outage (requests then answer 503).",
    registers: [registry],
    collect() {
      this.set(database.isAvailable() ? 1 : 0);
    },
  });

  const middleware: MiddlewareHandler<{ Variables: RequestBodyVariables }> = async (c, next) => {
    const started = performance.now();
    const path = c.req.path;
    await next();
    const status = c.res.status;
    const labels = { method: c.req.method, route: routeLabel(c, path, authEndpointPaths), status: String(status) };
    requests.inc(labels);
    latency.observe(labels, (performance.now() - started) / 1000);
    if (c.req.method === "POST" && SIGN_IN_PATHS.has(path)) {
      const cookies = c.res.headers.getSetCookie().join(";");
      signIns.inc({ result: status === 429 ? "rate_limited" : /session_token=[^;]/.test(cookies) ? "success" : "failure" });
    }
    // Read after the answer (the body is cached by then): a refused body is never read here.
    if (c.req.method === "POST" && path === TOKEN_PATH && status === 200) {
      tokens.inc({ grant_type: readGrantType(c.get("requestBody") ?? parsedBody(await c.req.text()), c.req.header("content-type")) });
    }
  };
  return { registry, middleware };
}

/** A scrape during a database outage answers at once, with the database's gauges left as they were. */
async function fromDatabase<T>(database: Database, read: () => Promise<T>): Promise<T | undefined> {
  if (!database.isAvailable()) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), DATABASE_GAUGE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([read(), timeout]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

function routeLabel(c: Parameters<MiddlewareHandler>[0], path: string, authEndpointPaths: ReadonlySet<string>): string {
  const handler = matchedRoutes(c).findLast((route) => route.method !== "ALL");
  if (!handler) return "unmatched";
  if (handler.path === "/api/auth/*") return authEndpointPaths.has(path) ? path : "/api/auth/*";
  return handler.path;
}

/**
 * The grant type of a token request, from the body http/buffered-body.ts read and parsed once
 * (the grant lock parsed the same form before), so nothing is read off the socket again.
 */
function readGrantType(body: RequestBody, contentType: string | undefined): string {
  const type = contentType?.includes("json") ? (body.json() as { grant_type?: unknown } | null | undefined)?.grant_type : body.form().get("grant_type");
  return typeof type === "string" && GRANT_TYPES.has(type) ? type : "other";
}

/** Better Auth's endpoint paths under /api/auth (without path parameters), as route labels. */
export function authEndpointPaths(api: Record<string, unknown>): Set<string> {
  const paths = new Set<string>();
  for (const endpoint of Object.values(api)) {
    const path = (endpoint as { path?: unknown }).path;
    if (typeof path === "string" && !path.includes(":")) paths.add(`/api/auth${path}`);
  }
  return paths;
}
