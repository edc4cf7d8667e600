import "server-only";
import { accountOverview } from "@iam/schemas";
import type { AccountOverview } from "@iam/schemas";
import { headers } from "next/headers";

export type AccountLoad = { ok: true; account: AccountOverview } | { ok: false; reason: "signed_out" | "unavailable" };

/**
 * Reads the account page's data on the server with the person's own cookie. The session cookie is
 * set by the API; the console shares its host (one public origin in production, `localhost` with
 * two ports in development), so the browser sends it here too.
 */
export async function loadAccount(apiUrl: string): Promise<AccountLoad> {
  const cookie = (await headers()).get("cookie");
  if (!cookie) return { ok: false, reason: "signed_out" };
  let response: Response;
  try {
    response = await fetch(`${apiUrl}/api/account`, { headers: { cookie, accept: "application/json" }, cache: "no-store" });
  } catch {
    return { ok: false, reason: "unavailable" };
  }
  if (response.status === 401) return { ok: false, reason: "signed_out" };
  if (!response.ok) return { ok: false, reason: "unavailable" };
  const parsed = accountOverview.safeParse(await response.json().catch(() => null));
  return parsed.success ? { ok: true, account: parsed.data } : { ok: false, reason: "unavailable" };
}

/** Who the browser's cookie belongs to, for sending them to the right home: `null` when signed out. */
export async function signedInRole(apiUrl: string): Promise<"admin" | "user" | null> {
  const cookie = (await headers()).get("cookie");
  if (!cookie) return null;
  try {
    const response = await fetch(`${apiUrl}/api/auth/get-session`, { headers: { cookie, accept: "application/json" }, cache: "no-store" });
    const body = (await response.json().catch(() => null)) as { user?: { role?: unknown } } | null;
    if (!response.ok || !body?.user) return null;
    const roles = typeof body.user.role === "string" ? body.user.role.split(",").map((role) => role.trim()) : [];
    return roles.includes("admin") ? "admin" : "user";
  } catch {
    return null;
  }
}
