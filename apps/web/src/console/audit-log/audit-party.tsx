import type { AuditEntry } from "@/console/api/types";

const KIND: Record<AuditEntry["actor"]["type"], string> = {
  user: "Person",
  oauth_client: "Client",
  consent: "Consent",
  signing_key: "Signing key",
  settings: "Settings",
  cli: "CLI",
  anonymous: "Unknown person",
};

/** A person or client by name and email, with the id beside it (ids are what support asks for). */
export function AuditPartyCell({ party }: { party: AuditEntry["actor"] }) {
  const title = party.type === "consent" && party.name ? `${party.name} for ${party.email ?? "a deleted user"}` : (party.name ?? party.email);
  const email = party.type === "user" || party.type === "anonymous" ? party.email : null;
  return (
    <div className="text-sm">
      <div>
        <span className="text-slate-500">{KIND[party.type]}: </span>
        <span>{party.type === "cli" ? `${party.name ?? "operator"} (command line)` : (title ?? (party.id ? "(deleted)" : "—"))}</span>
      </div>
      {email && party.name ? <div className="text-xs text-slate-500">{email}</div> : null}
      {party.id ? <code className="text-xs text-slate-500">{party.id}</code> : null}
    </div>
  );
}
