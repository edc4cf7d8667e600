import type { Db } from "@iam/db";
import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware } from "better-auth/api";
import { AUTH_PATHS } from "../auth-paths.ts";
import { endSecretOverlap } from "./previous-secret.ts";

/**
 * The plugin's own `/oauth2/client/rotate-secret` (admins only) rotates without a window: a
 * secret kept from an earlier rotation must not outlive it, so the window ends with it.
 */
export function secretOverlapGuard(db: Db): BetterAuthPlugin {
  return {
    id: "iam-secret-overlap-guard",
    hooks: {
      after: [
        {
          matcher: (ctx) => ctx.path === AUTH_PATHS.rotateClientSecret,
          handler: createAuthMiddleware(async (ctx) => {
            const clientId = (ctx.body as Record<string, unknown> | undefined)?.client_id;
            if (typeof clientId === "string" && clientId) await endSecretOverlap(db, clientId);
          }),
        },
      ],
    },
  };
}
