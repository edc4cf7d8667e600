import type { Auth } from "@iam/auth";
import { createRoute } from "@hono/zod-openapi";
import { branding, instanceSettingsBody, instanceSettingsView } from "@iam/schemas";
import { adminRoute, apiRouter, errorResponses, jsonContent, publicRoute } from "../openapi/api-router.ts";
import { requireAdmin } from "../routes/admin/require-admin.ts";
import type { AdminVariables } from "../routes/admin/require-admin.ts";
import { applyLifetimes } from "./settings-store.ts";
import type { LifetimeHolder, SettingsStore } from "./settings-store.ts";

const getSettingsRoute = createRoute({
  ...adminRoute,
  method: "get",
  path: "/api/admin/settings",
  summary: "The console's settings: branding, support contact, lifetimes and the sign-up policy in force.",
  responses: { 200: { description: "The settings.", ...jsonContent(instanceSettingsView) }, ...errorResponses.admin },
});

const putSettingsRoute = createRoute({
  ...adminRoute,
  method: "put",
  path: "/api/admin/settings",
  summary: "Replace the settings (lifetimes within their bounds; sign_up null follows SIGN_UP). New sessions and tokens use the new lifetimes.",
  request: { body: { required: true, ...jsonContent(instanceSettingsBody) } },
  responses: { 200: { description: "The settings as stored now.", ...jsonContent(instanceSettingsView) }, ...errorResponses.admin, ...errorResponses.invalid },
});

const brandingRoute = createRoute({
  ...publicRoute("Operations"),
  method: "get",
  path: "/api/branding",
  summary: "What end-user pages and mail show: product name, logo, accent colour, support contact, and whether sign-up is open.",
  responses: { 200: { description: "Branding.", ...jsonContent(branding) } },
});

/** `/api/admin/settings` (admins) and `/api/branding` (anyone: the login page reads it before sign-in). */
export function settingsRoutes(auth: Auth, store: SettingsStore, lifetimes?: LifetimeHolder) {
  const router = apiRouter<{ Variables: AdminVariables }>();
  router.use(
    "/api/admin/settings",
    requireAdmin(auth, async () => (await store.secondFactors()).admins),
  );
  return router
    .openapi(getSettingsRoute, async (c) => {
      c.header("Cache-Control", "no-store");
      return c.json(await store.view(), 200);
    })
    .openapi(putSettingsRoute, async (c) => {
      const settings = c.req.valid("json");
      await store.save(settings, c.get("adminUserId"));
      await applyLifetimes(auth, await store.read(), lifetimes);
      c.header("Cache-Control", "no-store");
      return c.json(await store.view(), 200);
    })
    .openapi(brandingRoute, async (c) => {
      c.header("Cache-Control", "no-cache");
      return c.json(await store.branding(), 200);
    });
}
