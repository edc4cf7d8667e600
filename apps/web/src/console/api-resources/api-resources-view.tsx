"use client";

import { Badge, Button, ConfirmDialog, DataTable } from "@iam/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage, read } from "@/console/api/api-client";
import { useApi } from "@/console/api/api-context";
import type { CreateApiResourceBody } from "@iam/schemas";
import type { ApiResourceFormBody } from "./api-resource-form";
import type { ApiResource } from "@/console/api/types";
import { PageHeader } from "@/console/shell/page-header";
import { ApiResourceForm } from "./api-resource-form";

const KEY = ["api-resources"] as const;

/**
 * APIs (RFC 8707 resources): an application that sends `resource=<identifier>` gets a JWT access
 * token (RFC 9068) with `aud` = the identifier, which the API verifies against the JWKS alone.
 */
export function ApiResourcesView() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<ApiResource | "new" | null>(null);
  const [deleting, setDeleting] = useState<ApiResource | null>(null);
  const list = useQuery({ queryKey: KEY, queryFn: () => read(api.api.admin["api-resources"].$get({ query: {} })) });
  const invalidate = () => queryClient.invalidateQueries({ queryKey: KEY });
  const save = useMutation({
    mutationFn: (body: ApiResourceFormBody) =>
      editing && editing !== "new"
        ? read(api.api.admin["api-resources"][":id"].$patch({ param: { id: editing.id }, json: body }))
        : read(api.api.admin["api-resources"].$post({ json: body as CreateApiResourceBody })),
    onSuccess: async () => {
      setEditing(null);
      await invalidate();
    },
  });
  const toggle = useMutation({
    mutationFn: (resource: ApiResource) =>
      read(api.api.admin["api-resources"][":id"].$patch({ param: { id: resource.id }, json: { disabled: !resource.disabled } })),
    onSuccess: invalidate,
  });
  const remove = useMutation({
    mutationFn: (resource: ApiResource) => read(api.api.admin["api-resources"][":id"].$delete({ param: { id: resource.id } })),
    onSuccess: async () => {
      setDeleting(null);
      await invalidate();
    },
  });

  return (
    <>
      <PageHeader
        title="APIs"
        description="Resource servers that verify JWT access tokens themselves. An application asks for one with resource=<identifier>; unknown or unlisted is invalid_target."
        actions={editing ? null : <Button onClick={() => setEditing("new")}>Declare an API</Button>}
      />
      <div className="flex max-w-5xl flex-col gap-6">
        {editing ? (
          <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
            <ApiResourceForm
              key={editing === "new" ? "new" : editing.id}
              initial={editing === "new" ? undefined : editing}
              busy={save.isPending}
              serverError={errorMessage(save.error)}
              onCancel={() => setEditing(null)}
              onSubmit={(body) => save.mutate(body)}
            />
          </section>
        ) : null}
        <DataTable<ApiResource>
          caption="APIs"
          rows={list.data?.resources}
          rowKey={(resource) => resource.id}
          loading={list.isPending}
          error={list.isError ? errorMessage(list.error) : undefined}
          empty="No API declared yet."
          columns={[
            {
              key: "api",
              header: "API",
              cell: (resource) => (
                <span className="flex flex-col">
                  <span className="font-medium text-slate-900">{resource.name}</span>
                  <code className="text-xs">{resource.identifier}</code>
                </span>
              ),
            },
            { key: "scopes", header: "Scopes", cell: (resource) => resource.scopes.join(" ") },
            { key: "clients", header: "Clients", cell: (resource) => resource.client_ids.length },
            {
              key: "status",
              header: "Status",
              cell: (resource) => (resource.disabled ? <Badge tone="danger">disabled</Badge> : <Badge tone="success">enabled</Badge>),
            },
            {
              key: "actions",
              header: <span className="sr-only">Actions</span>,
              cell: (resource) => (
                <span className="flex gap-2">
                  <Button variant="secondary" onClick={() => setEditing(resource)}>
                    Edit
                  </Button>
                  <Button variant="secondary" onClick={() => toggle.mutate(resource)}>
                    {resource.disabled ? "Enable" : "Disable"}
                  </Button>
                  <Button variant="danger" onClick={() => setDeleting(resource)}>
                    Delete
                  </Button>
                </span>
              ),
            },
          ]}
        />
      </div>
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this API?"
        confirmLabel="Delete API"
        busy={remove.isPending}
        error={errorMessage(remove.error)}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting)}
      >
        New token requests for it are refused (invalid_target). Tokens already issued stay valid until they expire.
      </ConfirmDialog>
    </>
  );
}
