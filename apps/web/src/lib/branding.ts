import "server-only";
import { branding as brandingSchema } from "@iam/schemas";
import type { Branding } from "@iam/schemas";
import { runtimeConfig } from "./runtime-config";

/** What a page shows while the API cannot say: the product's defaults, sign-up as the login page knew it. */
const FALLBACK: Branding = {
  product_name: "IAM",
  logo_url: null,
  accent_color: "#4f46e5",
  support_email: null,
  support_url: null,
  sign_up: "open",
  sign_up_allowed_domains: [],
};

/**
 * The admin's branding and sign-up policy (`GET /api/branding`), read on the server for each
 * end-user page, so a change in the console shows on the next page load.
 */
export async function fetchBranding(): Promise<Branding> {
  const { apiUrl } = runtimeConfig();
  try {
    const response = await fetch(`${apiUrl}/api/branding`, { cache: "no-store", signal: AbortSignal.timeout(3_000) });
    if (!response.ok) return FALLBACK;
    const parsed = brandingSchema.safeParse(await response.json());
    return parsed.success ? parsed.data : FALLBACK;
  } catch {
    return FALLBACK;
  }
}

/** Tailwind's indigo scale is the accent everywhere; these variables repaint it with the admin's colour. */
export function accentStyle(color: string): Record<string, string> {
  return {
    "--color-indigo-500": color,
    "--color-indigo-600": color,
    "--color-indigo-700": `color-mix(in srgb, ${color} 85%, black)`,
    "--color-indigo-800": `color-mix(in srgb, ${color} 70%, black)`,
  };
}
