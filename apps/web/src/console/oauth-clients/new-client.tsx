"use client";

import { useRouter } from "next/navigation";
import { errorMessage } from "@/console/api/api-client";
import { PageHeader } from "@/console/shell/page-header";
import { ClientForm } from "./client-form";
import { emptyClientForm } from "./client-form-schema";
import { keepFreshSecret } from "./fresh-secret";
import { useCreateClient } from "./use-clients";

/**
 * Creating a client moves to the client's own page (the URL leaves /new), where the secret is
 * shown once, handed over in memory: a reload keeps the client page and no longer shows it.
 */
export function NewClient() {
  const router = useRouter();
  const create = useCreateClient();
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
          onSubmit={(body) =>
            create.mutate(body, {
              onSuccess: (created) => {
                keepFreshSecret(created.client_id, created.client_secret);
                router.replace(`/oauth-clients/${encodeURIComponent(created.client_id)}`);
              },
            })
          }
        />
      </div>
    </>
  );
}
