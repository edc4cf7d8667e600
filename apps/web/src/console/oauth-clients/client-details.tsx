import { Badge } from "@iam/ui";
import type { ReactNode } from "react";
import type { OAuthClient } from "@/console/api/types";
import { formatDate } from "@/console/shell/format";
import { APP_KINDS, kindOf } from "./client-form-schema";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-2 sm:grid-cols-[14rem_1fr]">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="text-sm break-all text-slate-900">{children}</dd>
    </div>
  );
}

const list = (items: string[] | undefined) =>
  items?.length ? (
    <ul className="flex flex-col gap-1">
      {items.map((item) => (
        <li key={item}>
          <code className="text-xs">{item}</code>
        </li>
      ))}
    </ul>
  ) : (
    "—"
  );
const yes = (value: boolean) => (value ? <Badge tone="info">yes</Badge> : <Badge>no</Badge>);

/** Every stored field of a client, read-only. */
export function ClientDetails({ client }: { client: OAuthClient }) {
  return (
    <dl className="divide-y divide-slate-100" data-testid="client-details">
      <Row label="Client ID">
        <code className="text-xs">{client.client_id}</code>
      </Row>
      <Row label="Application type">{APP_KINDS.find((kind) => kind.value === kindOf(client))?.label}</Row>
      <Row label="Client type">{client.client_type}</Row>
      <Row label="Token endpoint auth">{client.token_endpoint_auth_method}</Row>
      <Row label="Redirect URIs">{list(client.redirect_uris)}</Row>
      <Row label="Post-logout redirect URIs">{list(client.post_logout_redirect_uris)}</Row>
      <Row label="Grant types">{client.grant_types.join(", ")}</Row>
      <Row label="Allowed scopes">{client.scope ?? "all the provider offers"}</Row>
      <Row label="Client-credentials scopes">{client.client_credentials_scopes.join(" ") || "—"}</Row>
      <Row label="Require PKCE">{yes(client.require_pkce)}</Row>
      <Row label="Skip consent">{yes(client.skip_consent)}</Row>
      <Row label="End session enabled">{yes(client.enable_end_session)}</Row>
      <Row label="Back-channel logout URI">
        {client.backchannel_logout_uri ? <code className="text-xs">{client.backchannel_logout_uri}</code> : "— (not told when sessions end)"}
      </Row>
      {client.backchannel_logout_uri ? <Row label="Logout needs sid">{yes(client.backchannel_logout_session_required)}</Row> : null}
      <Row label="Logo">{client.logo_uri ?? "—"}</Row>
      <Row label="Home page">{client.client_uri ?? "—"}</Row>
      <Row label="Privacy policy">{client.policy_uri ?? "—"}</Row>
      <Row label="Terms of service">{client.tos_uri ?? "—"}</Row>
      <Row label="Created">{formatDate(client.client_id_issued_at)}</Row>
      <Row label="Updated">{formatDate(client.updated_at)}</Row>
    </dl>
  );
}
