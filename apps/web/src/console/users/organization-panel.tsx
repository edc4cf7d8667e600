"use client";

import { Alert, Button, Input } from "@iam/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage, read } from "@/console/api/api-client";
import { useApi } from "@/console/api/api-context";
import { queryKeys } from "@/console/api/query-keys";

/**
 * The user's organization: what relying parties read as `organizationId` under the
 * `organization` scope. Empty means the user is an organization of their own (their id).
 */
export function OrganizationPanel({ userId, organizationId }: { userId: string; organizationId: string | null | undefined }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<string | null>(null);
  const value = draft ?? organizationId ?? "";
  const save = useMutation({
    mutationFn: () => read(api.api.admin.users[":id"].organization.$patch({ param: { id: userId }, json: { organization_id: value.trim() || null } })),
    onSuccess: async () => {
      setDraft(null);
      await queryClient.invalidateQueries({ queryKey: queryKeys.users });
    },
  });
  return (
    <section className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-6 shadow-sm" aria-labelledby="organization-heading">
      <h2 id="organization-heading" className="text-lg font-semibold text-slate-900">
        Organization
      </h2>
      <Input
        label="Organization id"
        value={value}
        onChange={(event) => setDraft(event.target.value)}
        hint="Sent to applications as organizationId (scope organization). Empty: the user's own id. Applies to tokens issued from now on."
      />
      {save.isError ? <Alert tone="error">{errorMessage(save.error)}</Alert> : null}
      {save.isSuccess ? <Alert tone="success">Organization saved.</Alert> : null}
      <div>
        <Button disabled={draft === null || save.isPending} onClick={() => save.mutate()}>
          Save organization
        </Button>
      </div>
    </section>
  );
}
