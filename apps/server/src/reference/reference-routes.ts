import { isEndpointEnabled } from "@iam/auth";
import type { Auth } from "@iam/auth";
import { createRoute, z } from "@hono/zod-openapi";
import { html } from "hono/html";
import { apiRouter, documented, jsonContent, publicRoute } from "../openapi/api-router.ts";
import { buildOpenApiDocument } from "./openapi-document.ts";
import type { OpenApiDocument, ProjectDocument } from "./openapi-document.ts";

/** Pinned: the page loads Scalar's viewer from a CDN; the route list below works without it. */
const SCALAR_SCRIPT = "https://cdn.jsdelivr.net/npm/@scalar/api-reference@1.72.1";
const METHODS = ["get", "post", "put", "patch", "delete"] as const;

const reference = publicRoute("Reference");

const documentRoute = createRoute({
  ...reference,
  method: "get",
  path: "/api/reference/openapi.json",
  summary: "The OpenAPI 3.1 document behind this reference.",
  responses: { 200: { description: "OpenAPI 3.1.", ...jsonContent(z.looseObject({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) })) } },
});

const pageRoute = createRoute({
  ...reference,
  method: "get",
  path: "/api/reference",
  summary: "This interactive API reference.",
  responses: { 200: { description: "An HTML page.", content: { "text/html": { schema: z.string() } } } },
});

/**
 * `/api/reference`: an interactive reference (Scalar) of the whole API, with a plain list of
 * every operation for when scripts are blocked. The document is built once, on first request.
 */
export function referenceRoutes(auth: Auth, projectDocument: () => ProjectDocument) {
  let document: Promise<OpenApiDocument> | undefined;
  const load = () => {
    document ??= (async () => {
      const betterAuth = (await auth.api.generateOpenAPISchema()) as unknown as OpenApiDocument;
      // Only what answers: endpoints of features this configuration leaves off are not listed.
      betterAuth.paths = Object.fromEntries(Object.entries(betterAuth.paths).filter(([path]) => isEndpointEnabled(auth.options, path)));
      return buildOpenApiDocument(betterAuth, projectDocument(), String(auth.options.baseURL ?? ""));
    })();
    document.catch(() => (document = undefined));
    return document;
  };

  const router = apiRouter();
  documented(router, documentRoute, async (c) => c.json(await load()));
  return documented(router, pageRoute, async (c) => {
    const spec = await load();
    const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
      METHODS.filter((method) => item[method]).map((method) => ({
        method: method.toUpperCase(),
        path,
        summary: String(item[method]?.summary ?? item[method]?.description ?? ""),
      })),
    );
    return c.html(html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>IAM API reference</title>
  </head>
  <body>
    <script id="api-reference" data-url="/api/reference/openapi.json"></script>
    <script src="${SCALAR_SCRIPT}" crossorigin="anonymous"></script>
    <details id="operations">
      <summary>All ${operations.length} operations (plain list)</summary>
      <table>
        <tbody>
          ${operations.map((operation) => html`<tr><td><code>${operation.method}</code></td><td><code>${operation.path}</code></td><td>${operation.summary}</td></tr>`)}
        </tbody>
      </table>
      <p>OpenAPI document: <a href="/api/reference/openapi.json">/api/reference/openapi.json</a></p>
    </details>
  </body>
</html>`);
  });
}
