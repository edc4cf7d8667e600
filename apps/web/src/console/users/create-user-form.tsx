"use client";

import { Alert, Button, Input, Select } from "@iam/ui";
import type { FormEvent } from "react";
import { useState } from "react";
import { z } from "zod";
import { errorMessage } from "@/console/api/api-client";
import { useAdminAction } from "./use-users";

const newUser = z.object({
  name: z.string().trim().min(1, "Enter a name").max(200),
  email: z.email("Enter an email address"),
  password: z.string().min(8, "At least 8 characters").max(128),
  role: z.enum(["user", "admin"]),
});

type NewUser = z.infer<typeof newUser>;

export function CreateUserForm({ onDone }: { onDone: () => void }) {
  const [values, setValues] = useState<NewUser>({ name: "", email: "", password: "", role: "user" });
  const [errors, setErrors] = useState<Partial<Record<keyof NewUser, string>>>({});
  const create = useAdminAction((admin, input: NewUser) => admin.createUser(input));

  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = newUser.safeParse(values);
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((issue) => [issue.path[0], issue.message])));
      return;
    }
    setErrors({});
    create.mutate(parsed.data, { onSuccess: onDone });
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      className="mb-6 grid gap-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:grid-cols-2"
      data-testid="create-user-form"
    >
      <h2 className="text-lg font-semibold text-slate-900 sm:col-span-2">New user</h2>
      {create.error ? (
        <div className="sm:col-span-2">
          <Alert tone="error">{errorMessage(create.error)}</Alert>
        </div>
      ) : null}
      <Input label="Name" value={values.name} error={errors.name} onChange={(event) => setValues({ ...values, name: event.target.value })} />
      <Input label="Email" type="email" value={values.email} error={errors.email} onChange={(event) => setValues({ ...values, email: event.target.value })} />
      <Input
        label="Password"
        type="password"
        autoComplete="new-password"
        value={values.password}
        error={errors.password}
        onChange={(event) => setValues({ ...values, password: event.target.value })}
      />
      <Select
        label="Role"
        value={values.role}
        onChange={(event) => setValues({ ...values, role: event.target.value as NewUser["role"] })}
        options={[
          { value: "user", label: "User" },
          { value: "admin", label: "Admin (full access to this console)" },
        ]}
      />
      <div className="flex gap-2 sm:col-span-2">
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create user"}
        </Button>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
