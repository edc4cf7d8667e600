import { Button, Card } from "@iam/ui";
import type { ConnectedApplication } from "@iam/schemas";
import { describeScope } from "@/lib/scope-descriptions";
import { formatWhen } from "./account-messages";

/**
 * Applications the person allowed, with what they allowed in the consent page's own words.
 * Withdrawing posts to the OAuth plugin's `delete-consent`; the project's consent revocation
 * revokes that application's tokens at once.
 */
export function ApplicationsSection({ apiUrl, applications }: { apiUrl: string; applications: ConnectedApplication[] }) {
  return (
    <Card title="Applications you allowed" headingLevel={2}>
      {applications.length === 0 ? (
        <p id="applications" className="text-sm text-slate-600">
          No application has access to your account.
        </p>
      ) : (
        <ul id="applications" className="flex flex-col gap-4" data-testid="application-list">
          {applications.map((application) => (
            <li key={application.consent_id} className="rounded-lg border border-slate-200 px-4 py-3" data-client-id={application.client_id}>
              <p className="text-sm font-medium text-slate-900">
                {application.client_uri ? (
                  <a href={application.client_uri} className="underline decoration-slate-300 underline-offset-2" rel="noopener noreferrer" target="_blank">
                    {application.name}
                  </a>
                ) : (
                  application.name
                )}
              </p>
              <p className="text-xs text-slate-500">Allowed {formatWhen(application.granted_at)}</p>
              <ul className="mt-2 flex flex-col gap-1">
                {application.scopes.map((scope) => {
                  const { title, detail } = describeScope(scope);
                  return (
                    <li key={scope} className="text-xs leading-5 text-slate-700" data-scope={scope}>
                      <span className="font-medium">{title}</span>: {detail}
                    </li>
                  );
                })}
              </ul>
              <form method="post" action={`${apiUrl}/api/auth/oauth2/delete-consent`} className="mt-3">
                <input type="hidden" name="consent_id" value={application.consent_id} />
                <Button type="submit" variant="danger" aria-label={`Withdraw access of ${application.name}`}>
                  Withdraw access
                </Button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
