import type { Metadata } from "next";
import { ErrorCard } from "@/components/end-user/error-card";
import { fetchBranding } from "@/lib/branding";
import type { PageSearchParams } from "@/lib/search-params";
import { firstParam } from "@/lib/search-params";

export const metadata: Metadata = { title: "Something went wrong", robots: { index: false } };

/**
 * Where the provider sends a person for what must not go back to an application: an unknown
 * client, an unregistered redirect URI, a tampered or expired link. Only the code is read; the
 * text is ours, so nothing from the URL is shown as prose.
 */
export default async function ErrorPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const code = firstParam(await searchParams, "error");
  return <ErrorCard code={code && /^[a-z_]{1,64}$/.test(code) ? code : undefined} branding={await fetchBranding()} />;
}
