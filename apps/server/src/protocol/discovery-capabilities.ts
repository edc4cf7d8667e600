import { ACR_VALUES } from "@iam/auth";
import type { MiddlewareHandler } from "hono";

/**
 * Capabilities the plugin advertises on its own that this deployment does not deliver, and what
 * discovery says instead (flows/discovery-capabilities.test.ts uses every advertised one):
 * - `prompt=select_account`: advertised, yet answered `unsupported_prompt_select_account` without
 *   an account-selection page (there is none: one session per browser).
 */
export const WITHHELD_CAPABILITIES: Readonly<Record<string, unknown>> = {
  // Back-channel logout is delivered by the project's queue (packages/auth/src/backchannel-logout/).
  backchannel_logout_supported: true,
  backchannel_logout_session_supported: true,
  prompt_values_supported: ["login", "consent", "create", "none"],
  // The plugin advertises "0"; this provider speaks one value per factor count (second-factor/).
  acr_values_supported: [ACR_VALUES.singleFactor, ACR_VALUES.multiFactor],
};

/**
 * Rewrites the discovery documents (all four paths, Better Auth's and the RFC 8414 path-inserted
 * ones) so they claim only what works. Runs inside the 5-second document cache, so once per fill.
 */
export function discoveryCapabilities(paths: ReadonlySet<string>, withheld = WITHHELD_CAPABILITIES): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!paths.has(c.req.path) || c.req.method !== "GET" || c.res.status !== 200) return;
    if (!(c.res.headers.get("content-type") ?? "").includes("application/json")) return;
    const document = (await c.res.clone().json()) as Record<string, unknown>;
    const headers = new Headers(c.res.headers);
    headers.delete("content-length");
    c.res = new Response(JSON.stringify({ ...document, ...withheld }), { status: 200, headers });
  };
}
