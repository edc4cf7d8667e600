import { apiErrorBody } from "@iam/schemas";
import { toJSONSchema } from "zod";

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

/** The project's own routes as their declarations describe them (`OpenAPIHono#getOpenAPI31Document`). */
export interface ProjectDocument {
  paths?: object;
  components?: object;
}

const AUTH_PREFIX = "/api/auth";

/** Hono's `/x/:id` as OpenAPI's `/x/{id}`. */
export function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
}

const record = (value: unknown) => (value ?? {}) as Record<string, unknown>;

/**
 * Better Auth's own document (its openAPI plugin: every endpoint under /api/auth, plugins
 * included) merged with the document of the project's routes, which each route's one declaration
 * (`createRoute`: input and answers) produces.
 */
export function buildOpenApiDocument(betterAuth: OpenApiDocument, project: ProjectDocument, baseUrl: string): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  for (const [path, operations] of Object.entries(betterAuth.paths)) {
    paths[`${AUTH_PREFIX}${path}`] = Object.fromEntries(
      Object.entries(operations).map(([method, operation]) => [
        method,
        { ...operation, tags: ["Better Auth", ...((operation.tags as string[] | undefined) ?? [])] },
      ]),
    );
  }
  Object.assign(paths, project.paths);
  const projectComponents = record(project.components);
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
        ...record(betterAuth.components.securitySchemes),
        sessionCookie: { type: "apiKey", in: "cookie", name: "better-auth.session_token", description: "Admin session from /api/auth/sign-in/email." },
        metricsToken: { type: "http", scheme: "bearer", description: "METRICS_TOKEN." },
      },
      schemas: { ...record(betterAuth.components.schemas), Error: toJSONSchema(apiErrorBody), ...record(projectComponents.schemas) },
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
