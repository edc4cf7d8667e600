import { PageShell } from "@iam/ui";
import type { CSSProperties, ReactNode } from "react";
import { accentStyle, fetchBranding } from "@/lib/branding";

export const dynamic = "force-dynamic";

/** Pages a person sees while signing in to some application: one calm, centred column, in the product's look. */
export default async function EndUserLayout({ children }: { children: ReactNode }) {
  const branding = await fetchBranding();
  const brand = (
    <span className="inline-flex items-center gap-2" data-testid="product-brand">
      {branding.logo_url ? (
        // A remote logo of any size; next/image would need its host configured at build time.
        <img src={branding.logo_url} alt="" className="h-6 w-auto" data-testid="product-logo" />
      ) : (
        <span aria-hidden="true" className="inline-block size-6 rounded-md bg-indigo-600" />
      )}
      {branding.product_name}
    </span>
  );
  return (
    <div style={accentStyle(branding.accent_color) as CSSProperties}>
      <PageShell brand={brand} mark={null} footer={`Secured by ${branding.product_name}`}>
        {children}
      </PageShell>
    </div>
  );
}
