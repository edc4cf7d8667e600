import { JWKS_GRACE_PERIOD_SECONDS } from "@iam/auth";
import type { Auth } from "@iam/auth";
import type { Db } from "@iam/db";
import { jwks } from "@iam/db/schema";
import { desc, gt, isNull, or } from "drizzle-orm";
import { createRoute } from "@hono/zod-openapi";
import { signingKeys } from "@iam/schemas";
import type { SigningKey } from "@iam/schemas";
import { adminRoute, apiRouter, errorResponses, jsonContent } from "../../openapi/api-router.ts";
import type { AdminVariables } from "./require-admin.ts";

type KeyRow = Pick<typeof jwks.$inferSelect, "id" | "alg" | "crv" | "createdAt" | "expiresAt">;

/**
 * `active`: signs new tokens (the newest live key, as the jwt plugin picks it). `retired`: no
 * longer signs but stays in the JWKS for the grace period, so tokens it signed keep verifying.
 * `expired`: past the grace period, no longer published.
 */
function keyView(row: KeyRow, activeId: string | undefined, now: number): SigningKey {
  const graceEnds = row.expiresAt ? row.expiresAt.getTime() + JWKS_GRACE_PERIOD_SECONDS * 1000 : undefined;
  const live = !row.expiresAt || row.expiresAt.getTime() > now;
  const status = row.id === activeId ? "active" : live ? "standby" : graceEnds && graceEnds > now ? "retired" : "expired";
  return {
    kid: row.id,
    alg: row.alg ?? "RS256",
    crv: row.crv ?? undefined,
    created_at: row.createdAt.toISOString(),
    retired_at: row.expiresAt && !live ? row.expiresAt.toISOString() : undefined,
    published_until: graceEnds && !live ? new Date(graceEnds).toISOString() : undefined,
    status,
  };
}

async function listKeys(db: Db) {
  const rows = await db
    .select({ id: jwks.id, alg: jwks.alg, crv: jwks.crv, createdAt: jwks.createdAt, expiresAt: jwks.expiresAt })
    .from(jwks)
    .orderBy(desc(jwks.createdAt));
  const now = Date.now();
  const active = rows.find((row) => !row.expiresAt || row.expiresAt.getTime() > now);
  return { keys: rows.map((row) => keyView(row, active?.id, now)), grace_period_seconds: JWKS_GRACE_PERIOD_SECONDS };
}

const listKeysRoute = createRoute({
  ...adminRoute,
  method: "get",
  path: "/",
  summary: "List the signing keys (public metadata only) and which one signs.",
  responses: { 200: { description: "The keys, newest first.", ...jsonContent(signingKeys) }, ...errorResponses.admin },
});

const rotateKeysRoute = createRoute({
  ...adminRoute,
  method: "post",
  path: "/rotate",
  summary: "Mint a new signing key; old keys stay in the JWKS to verify tokens already issued.",
  responses: { 200: { description: "The keys after rotation.", ...jsonContent(signingKeys) }, ...errorResponses.admin },
});

/** `/api/admin/signing-keys`: the JWKS keys (public metadata only) and rotation. */
export function signingKeyRoutes(auth: Auth, db: Db) {
  return apiRouter<{ Variables: AdminVariables }>()
    .openapi(listKeysRoute, async (c) => c.json(await listKeys(db), 200))
    .openapi(rotateKeysRoute, async (c) => {
      // The jwt plugin has no rotate call. Retiring every live key makes its own signJWT mint a
      // fresh one (with the configured RS256 settings) on the spot; retired keys stay in the JWKS
      // for the grace period.
      const now = new Date();
      await db
        .update(jwks)
        .set({ expiresAt: now })
        .where(or(isNull(jwks.expiresAt), gt(jwks.expiresAt, now)));
      await auth.api.signJWT({ body: { payload: { purpose: "signing-key-rotation" } } });
      return c.json(await listKeys(db), 200);
    });
}
