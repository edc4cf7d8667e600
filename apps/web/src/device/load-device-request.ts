import "server-only";
import { headers } from "next/headers";
import { z } from "zod";
import type { ClientInfo } from "@/lib/client-info";

const verification = z.object({
  user_code: z.string(),
  status: z.enum(["pending", "approved", "denied"]),
  client_id: z.string().optional(),
  scope: z.string().nullable().optional(),
});

const publicClient = z.object({ client_id: z.string(), client_name: z.string().nullable().optional(), logo_uri: z.string().nullable().optional() });

export type DeviceProblem = "invalid_code" | "expired_code" | "already_handled" | "not_yours" | "email_not_verified" | "unavailable";

export type DeviceRequestLoad =
  | { ok: true; userCode: string; client: ClientInfo; scopes: string[] }
  | { ok: false; reason: "signed_out" }
  | { ok: false; reason: DeviceProblem };

async function getJson(url: string, cookie: string | null): Promise<{ status: number; body: unknown } | null> {
  try {
    const response = await fetch(url, { headers: { accept: "application/json", ...(cookie ? { cookie } : {}) }, cache: "no-store" });
    return { status: response.status, body: await response.json().catch(() => null) };
  } catch {
    return null;
  }
}

/** Only http(s) logos are rendered: a registered `javascript:` URI must never reach the page. */
function safeLogo(value: string | null | undefined): string | undefined {
  return value && /^https?:\/\//i.test(value) ? value : undefined;
}

/**
 * Looks a user code up with the person's cookie. The plugin's GET /device ties a pending code to
 * the first signed-in person who opens it and only then tells them which client asks for what;
 * signed out, it still says whether the code exists, so a mistyped code is caught before sign-in.
 */
export async function loadDeviceRequest(apiUrl: string, userCode: string, signedIn: boolean): Promise<DeviceRequestLoad> {
  const cookie = signedIn ? (await headers()).get("cookie") : null;
  const verified = await getJson(`${apiUrl}/api/auth/device?${new URLSearchParams({ user_code: userCode }).toString()}`, cookie);
  if (!verified || verified.status >= 500) return { ok: false, reason: "unavailable" };
  if (verified.status !== 200) {
    const error = (verified.body as { error?: unknown } | null)?.error;
    return { ok: false, reason: error === "expired_token" ? "expired_code" : "invalid_code" };
  }
  const parsed = verification.safeParse(verified.body);
  if (!parsed.success) return { ok: false, reason: "unavailable" };
  if (parsed.data.status !== "pending") return { ok: false, reason: "already_handled" };
  if (!signedIn) return { ok: false, reason: "signed_out" };
  const clientId = parsed.data.client_id;
  if (!clientId) return { ok: false, reason: "not_yours" };
  const found = await getJson(`${apiUrl}/api/auth/oauth2/public-client?${new URLSearchParams({ client_id: clientId }).toString()}`, cookie);
  const client = publicClient.safeParse(found?.body);
  if (found?.status !== 200 || !client.success) return { ok: false, reason: found?.status === 401 ? "signed_out" : "unavailable" };
  const scopes = (parsed.data.scope ?? "").split(/\s+/).filter(Boolean);
  return {
    ok: true,
    userCode: parsed.data.user_code,
    client: { clientId, name: client.data.client_name || "An application", logoUri: safeLogo(client.data.logo_uri) },
    scopes,
  };
}
