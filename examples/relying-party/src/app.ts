import { Hono } from "hono";
import { apiRoutes } from "./api-routes.ts";
import { authRoutes } from "./auth-routes.ts";
import { backchannelRoute } from "./backchannel-route.ts";
import type { RpDeps } from "./deps.ts";
import { homePage } from "./pages.ts";

export function createRpApp(deps: RpDeps) {
  const app = new Hono();
  app.use(async (c, next) => {
    await next();
    c.header("X-Frame-Options", "DENY");
    c.header("X-Content-Type-Options", "nosniff");
  });
  app.onError((error, c) => {
    deps.log?.("unhandled error", error.message);
    return c.json({ error: "server_error" }, 500);
  });
  app.get("/", (c) => c.html(homePage()));
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.route("/", authRoutes(deps));
  app.route("/", backchannelRoute(deps));
  app.route("/", apiRoutes(deps));
  return app;
}
