"use client";

import { CopyButton } from "@iam/ui";
import type { OAuthClient } from "@/console/api/types";
import { useApiUrl } from "@/console/api/api-context";

/** What to paste into an application: issuer, discovery, client id, redirect URIs, and a working snippet. */
export function ConnectPanel({ client }: { client: OAuthClient }) {
  const issuer = `${useApiUrl()}/api/auth`;
  const discovery = `${issuer}/.well-known/openid-configuration`;
  const redirect = client.redirect_uris[0] ?? "https://your-app.example/callback";
  const confidential = client.client_type === "confidential";
  const snippet = [
    `# .env of your application`,
    `OIDC_ISSUER=${issuer}`,
    `OIDC_CLIENT_ID=${client.client_id}`,
    confidential ? "OIDC_CLIENT_SECRET=<the secret shown when the client was created or rotated>" : "# public client: no secret, PKCE (S256) required",
    `OIDC_REDIRECT_URI=${redirect}`,
    "",
    "// openid-client v6",
    `const config = await oidc.discovery(new URL(process.env.OIDC_ISSUER), process.env.OIDC_CLIENT_ID${confidential ? ", process.env.OIDC_CLIENT_SECRET" : ""});`,
  ].join("\n");
  const rows: [string, string, string][] = [
    ["Issuer", issuer, "connect-issuer"],
    ["Discovery URL", discovery, "connect-discovery"],
    ["Client ID", client.client_id, "connect-client-id"],
  ];
  return (
    <section
      className="flex flex-col gap-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm"
      aria-labelledby="connect-heading"
      data-testid="connect-panel"
    >
      <h2 id="connect-heading" className="text-lg font-semibold text-slate-900">
        Connect an application
      </h2>
      <p className="text-sm text-slate-600">
        Most OpenID Connect libraries need only the issuer (or discovery URL), the client ID{confidential ? " and secret" : ""}, and a redirect URI registered
        below.
      </p>
      <dl className="grid gap-3 text-sm">
        {rows.map(([term, value, testId]) => (
          <div key={term}>
            <dt className="font-medium text-slate-700">{term}</dt>
            <dd className="mt-1 flex items-center gap-2">
              <code className="break-all rounded bg-slate-100 px-2 py-1 text-xs" data-testid={testId}>
                {value}
              </code>
              <CopyButton value={value} label={`Copy ${term.toLowerCase()}`} />
            </dd>
          </div>
        ))}
        <div>
          <dt className="font-medium text-slate-700">Redirect URIs</dt>
          <dd className="mt-1">
            <ul className="flex flex-col gap-1" data-testid="connect-redirect-uris">
              {client.redirect_uris.map((uri) => (
                <li key={uri}>
                  <code className="break-all text-xs">{uri}</code>
                </li>
              ))}
            </ul>
          </dd>
        </div>
      </dl>
      <div>
        <div className="mb-1 flex items-center justify-between">
          <span className="text-sm font-medium text-slate-700">Snippet</span>
          <CopyButton value={snippet} label="Copy snippet" />
        </div>
        <pre className="overflow-x-auto rounded-lg bg-slate-900 p-4 text-xs text-slate-100" data-testid="connect-snippet">
          {snippet}
        </pre>
      </div>
    </section>
  );
}
