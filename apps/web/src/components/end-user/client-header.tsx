import { TextLink } from "@iam/ui";
import type { ClientInfo } from "@/lib/client-info";

/** Who is asking: the application's logo, name and, when registered, its site, privacy policy and terms. */
export function ClientHeader({ client, lead }: { client: ClientInfo; lead: string }) {
  const initial = client.name.trim().charAt(0).toUpperCase() || "?";
  return (
    <div className="mb-6 flex items-center gap-4">
      {client.logoUri ? (
        // eslint-disable-next-line @next/next/no-img-element -- a registered, arbitrary-origin logo; next/image would need every origin allowed
        <img src={client.logoUri} alt="" width={48} height={48} className="size-12 rounded-lg border border-slate-200 object-contain" />
      ) : (
        <span aria-hidden="true" className="flex size-12 items-center justify-center rounded-lg bg-indigo-100 text-lg font-semibold text-indigo-700">
          {initial}
        </span>
      )}
      <div className="min-w-0">
        <p className="text-sm text-slate-600">{lead}</p>
        <p className="truncate text-base font-semibold text-slate-900" data-testid="client-name">
          {client.name}
        </p>
        <ClientLinks client={client} />
      </div>
    </div>
  );
}

function ClientLinks({ client }: { client: ClientInfo }) {
  const links = [
    client.clientUri ? { href: client.clientUri, label: "Website" } : undefined,
    client.policyUri ? { href: client.policyUri, label: "Privacy policy" } : undefined,
    client.tosUri ? { href: client.tosUri, label: "Terms" } : undefined,
  ].filter((link) => link !== undefined);
  if (links.length === 0) return null;
  return (
    <p className="mt-0.5 flex flex-wrap gap-x-3 text-xs">
      {links.map((link) => (
        <TextLink key={link.label} href={link.href} target="_blank" rel="noopener noreferrer">
          {link.label}
        </TextLink>
      ))}
    </p>
  );
}
