import type { Auth } from "@iam/auth";
import { Hono } from "hono";
import { outageAs503 } from "../protocol/outage-as-503.ts";
import type { DatabaseHealthView } from "../protocol/outage-as-503.ts";
import type { CounterStore } from "../rate-limit/counter-store.ts";
import type { RateLimits } from "../rate-limit/limits.ts";
import { signInLimits } from "../rate-limit/sign-in-limit.ts";
import { readableRateLimit } from "../rate-limit/too-many-requests.ts";

export type AuthHandler = (request: Request) => Promise<Response>;

export interface AuthHandlerDeps {
  auth: Auth;
  backends: DatabaseHealthView;
  webUrl: string;
  counters: CounterStore;
  rateLimits: RateLimits;
  /** The sign-in failure limits follow the request rate limiter's switch (RATE_LIMIT). */
  rateLimit: boolean;
  /** The project's read path for introspection and userinfo (RESOURCE_READ_PATH): an answer, or undefined for Better Auth. */
  readPath?: (request: Request) => Promise<Response | undefined>;
}

/**
 * Better Auth's handler with what every call of it needs, as Hono middleware in order: an outage
 * answered 503, the sign-in failure limits (reserved before the password check), Better Auth's
 * 429s made JSON. A function of a Request, not a route, because the end-user layer and the
 * invitation page call it with the JSON request they build from a person's form post, and those
 * calls must pass the same limits; the route at the end of app.ts's /api/auth chain calls it too.
 */
export function createAuthHandler({ auth, backends, webUrl, counters, rateLimits, rateLimit, readPath }: AuthHandlerDeps): AuthHandler {
  const app = new Hono();
  // Errors go on to the caller, so the app's own onError answers them (one error shape, the deadline's 503).
  app.onError((error) => {
    throw error;
  });
  app.use(outageAs503(backends, webUrl));
  if (rateLimit) app.use(signInLimits(counters, rateLimits));
  app.use(readableRateLimit());
  app.all("*", async (c) => (await readPath?.(c.req.raw)) ?? auth.handler(c.req.raw));
  return async (request) => app.fetch(request);
}
