"use client";

import { ButtonLink } from "@iam/ui";
import { errorMessage } from "@/console/api/api-client";
import type { CreatedClient } from "@/console/api/types";
import { PageHeader } from "@/console/shell/page-header";
import { ClientForm } from "./client-form";
import { emptyClientForm } from "./client-form-schema";
import { SecretOnce } from "./secret-once";
import { useCreateClient } from "./use-clients";

export function NewClient() {
  const create = useCreateClient();
  const created: CreatedClient | undefined = create.data;
  if (created) {
    return (
      <>
        <PageHeader title={created.client_name ?? "Client created"} description="Configure your application with these credentials." />
        <div className="flex max-w-3xl flex-col gap-4">
          <SecretOnce clientId={created.client_id} clientSecret={created.client_secret} />
          <div className="flex gap-2">
            <ButtonLink href={`/oauth-clients/${encodeURIComponent(created.client_id)}`} variant="primary">
              I have copied it: open the client
            </ButtonLink>
            <ButtonLink href="/oauth-clients">Back to clients</ButtonLink>
          </div>
        </div>
      </>
    );
  }
  return (
    <>
      <PageHeader title="New OAuth client" description="Register an application. A confidential client's secret is shown once, right after creation." />
      <div className="max-w-3xl rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <ClientForm
          mode="create"
          initial={emptyClientForm}
          submitLabel="Create client"
          busy={create.isPending}
          serverError={errorMessage(create.error)}
          onSubmit={(body) => create.mutate(body)}
        />
      </div>
    </>
  );
}
