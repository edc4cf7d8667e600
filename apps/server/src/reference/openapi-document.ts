import { toJSONSchema } from "zod";
import { ROUTE_DOCS } from "./route-docs.ts";

export interface RegisteredRoute {
  method: string;
  path: string;
}

type Operation = Record<string, unknown>;
export interface OpenApiDocument {
  openapi: string;
  info: Record<string, unknown>;
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, unknown>;
  tags: { name: string; description?: string }[];
}

const AUTH_PREFIX = "/api/auth";
const ERROR_SCHEMA = {
  type: "object",
  required: ["error"],
  properties: {
    error: { type: "string", description: "An RFC 6749 / project error code, e.g. invalid_request, unauthorized, not_found." },
    error_description: { type: "string" },
    request_id: { type: "string", description: "Also in the X-Request-Id header; quote it when reporting a problem." },
  },
};

/** Hono's `/x/:id` as OpenAPI's `/x/{id}`. */
export function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
}

/**
 * Better Auth's own document (its openAPI plugin: every endpoint under /api/auth, plugins
 * included) merged with the project's routes, which are read from the Hono app so none is
 * forgotten; their descriptions come from ROUTE_DOCS.
 */
export function buildOpenApiDocument(betterAuth: OpenApiDocument, routes: readonly RegisteredRoute[], baseUrl: string): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  for (const [path, operations] of Object.entries(betterAuth.paths)) {
    paths[`${AUTH_PREFIX}${path}`] = Object.fromEntries(
      Object.entries(operations).map(([method, operation]) => [method, { ...operation, tags: ["Better Auth", ...((operation.tags as string[] | undefined) ?? [])] }]),
    );
  }
  for (const route of projectRoutes(routes)) {
    const doc = ROUTE_DOCS[`${route.method} ${route.path}`];
    const path = toOpenApiPath(route.path);
    const parameters = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => ({ name: match[1], in: "path", required: true, schema: { type: "string" } }));
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      summary: doc?.summary ?? "Undocumented",
      tags: [doc?.tag ?? "Undocumented"],
      operationId: `${route.method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_match, next: string | undefined) => (next ?? "").toUpperCase())}`,
      ...(parameters.length ? { parameters } : {}),
      security: doc?.access === "admin" ? [{ sessionCookie: [] }] : doc?.access === "metrics" ? [{ metricsToken: [] }] : [],
      ...(doc?.body ? { requestBody: { required: true, content: { "application/json": { schema: toJSONSchema(doc.body, { io: "input", unrepresentable: "any" }) } } } } : {}),
      responses: {
        [String(doc?.success ?? 200)]: { description: "Success" },
        ...(doc?.access === "admin" ? { 401: errorResponse("No session."), 403: errorResponse("Not an admin.") } : {}),
        ...(doc?.body ? { 400: errorResponse("invalid_request, with the failing fields in details.") } : {}),
      },
    };
  }
  return {
    openapi: "3.1.1",
    info: {
      title: "IAM API",
      version: "1",
      description:
        "OAuth 2.1 / OpenID Connect provider (Better Auth under /api/auth) and the project's admin and operations routes. " +
        "Admin routes need an admin session cookie, obtained from POST /api/auth/sign-in/email with the console's Origin.",
    },
    servers: [{ url: baseUrl }],
    paths,
    components: {
      ...betterAuth.components,
      securitySchemes: {
        ...((betterAuth.components.securitySchemes as Record<string, unknown> | undefined) ?? {}),
        sessionCookie: { type: "apiKey", in: "cookie", name: "better-auth.session_token", description: "Admin session from /api/auth/sign-in/email." },
        metricsToken: { type: "http", scheme: "bearer", description: "METRICS_TOKEN." },
      },
      schemas: { ...((betterAuth.components.schemas as Record<string, unknown> | undefined) ?? {}), Error: ERROR_SCHEMA },
    },
    tags: [
      { name: "Admin", description: "The console's API: admins only, JSON, never cached." },
      { name: "Better Auth", description: "Sign-in, sessions, users (admin plugin) and the OAuth 2.1 / OIDC provider." },
      { name: "Discovery" },
      { name: "Operations" },
      { name: "Reference" },
    ],
  };
}

/** Hono's routes minus middleware and the Better Auth mount, one entry per method and path. */
export function projectRoutes(routes: readonly RegisteredRoute[]): RegisteredRoute[] {
  const seen = new Map<string, RegisteredRoute>();
  for (const route of routes) {
    if (route.method === "ALL" || route.path === `${AUTH_PREFIX}/*` || route.path.endsWith("*")) continue;
    seen.set(`${route.method} ${route.path}`, route);
  }
  return [...seen.values()];
}

function errorResponse(description: string) {
  return { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
}
