import type { Branding } from "@iam/schemas";

/** "Need help? Contact …" with the support address or page the admin set; nothing when none is set. */
export function SupportContact({ branding, lead = "Need help?" }: { branding: Branding; lead?: string }) {
  if (!branding.support_email && !branding.support_url) return null;
  return (
    <p className="text-sm text-slate-700" data-testid="support-contact">
      {lead} Contact{" "}
      {branding.support_email ? (
        <a className="font-medium text-indigo-700 underline" href={`mailto:${branding.support_email}`}>
          {branding.support_email}
        </a>
      ) : null}
      {branding.support_email && branding.support_url ? " or " : null}
      {branding.support_url ? (
        <a className="font-medium text-indigo-700 underline" href={branding.support_url} rel="noreferrer">
          {branding.support_url}
        </a>
      ) : null}
      .
    </p>
  );
}
