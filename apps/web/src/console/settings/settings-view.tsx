"use client";

import { Alert, Button, Checkbox, Input, Select, Textarea } from "@iam/ui";
import { LIFETIME_BOUNDS } from "@iam/schemas";
import type { InstanceSettingsInput, InstanceSettingsView } from "@iam/schemas";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { ReactNode } from "react";
import { errorMessage, read } from "@/console/api/api-client";
import { useApi } from "@/console/api/api-context";
import { PageHeader } from "@/console/shell/page-header";

const SETTINGS_KEY = ["settings"] as const;

interface Draft {
  product_name: string;
  logo_url: string;
  accent_color: string;
  support_email: string;
  support_url: string;
  session_hours: string;
  access_minutes: string;
  refresh_days: string;
  sign_up: string;
  domains: string;
  factor_admins: boolean;
  factor_everyone: boolean;
}

function toDraft(settings: InstanceSettingsView): Draft {
  return {
    product_name: settings.product_name,
    logo_url: settings.logo_url ?? "",
    accent_color: settings.accent_color,
    support_email: settings.support_email ?? "",
    support_url: settings.support_url ?? "",
    session_hours: String(settings.session_lifetime_seconds / 3600),
    access_minutes: String(settings.access_token_lifetime_seconds / 60),
    refresh_days: String(settings.refresh_token_lifetime_seconds / 86_400),
    sign_up: settings.sign_up ?? "",
    domains: settings.sign_up_allowed_domains.join("\n"),
    factor_admins: settings.second_factor_required_admins,
    factor_everyone: settings.second_factor_required_everyone,
  };
}

function toBody(draft: Draft): InstanceSettingsInput {
  const orNull = (value: string) => value.trim() || null;
  return {
    product_name: draft.product_name.trim(),
    logo_url: orNull(draft.logo_url),
    accent_color: draft.accent_color.trim(),
    support_email: orNull(draft.support_email),
    support_url: orNull(draft.support_url),
    session_lifetime_seconds: Math.round(Number(draft.session_hours) * 3600),
    access_token_lifetime_seconds: Math.round(Number(draft.access_minutes) * 60),
    refresh_token_lifetime_seconds: Math.round(Number(draft.refresh_days) * 86_400),
    sign_up: draft.sign_up === "open" || draft.sign_up === "invite" || draft.sign_up === "closed" ? draft.sign_up : null,
    sign_up_allowed_domains: draft.domains
      .split(/[\s,]+/)
      .map((domain) => domain.trim())
      .filter(Boolean),
    second_factor_required_admins: draft.factor_admins,
    second_factor_required_everyone: draft.factor_everyone,
  };
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="flex flex-col gap-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <legend className="px-1 text-lg font-semibold text-slate-900">{title}</legend>
      {children}
    </fieldset>
  );
}

const B = LIFETIME_BOUNDS;

/** Branding, support contact, lifetimes and the sign-up policy: one form, saved at once. */
export function SettingsView() {
  const api = useApi();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: SETTINGS_KEY, queryFn: () => read(api.api.admin.settings.$get()) });
  const [draft, setDraft] = useState<Draft | null>(null);
  const save = useMutation({
    mutationFn: (body: InstanceSettingsInput) => read(api.api.admin.settings.$put({ json: body })),
    onSuccess: (saved) => {
      queryClient.setQueryData(SETTINGS_KEY, saved);
      setDraft(null);
    },
  });
  if (settings.isPending) return <p role="status">Loading settings…</p>;
  if (settings.isError) return <Alert tone="error">{errorMessage(settings.error)}</Alert>;
  const current = draft ?? toDraft(settings.data);
  const set = (field: keyof Draft) => (event: { target: { value: string } }) => setDraft({ ...current, [field]: event.target.value });
  const defaultLabel = `Follow SIGN_UP (now: ${settings.data.sign_up_default})`;
  return (
    <>
      <PageHeader
        title="Settings"
        description="What people see on sign-in pages and in mail, how long sessions and tokens last, and who may create an account."
      />
      <form
        className="flex max-w-3xl flex-col gap-6"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate(toBody(current));
        }}
      >
        {save.isError ? <Alert tone="error">{errorMessage(save.error)}</Alert> : null}
        {save.isSuccess && !draft ? <Alert tone="success">Settings saved. New sign-in pages, sessions and tokens use them.</Alert> : null}
        <Section title="Branding">
          <Input
            label="Product name"
            value={current.product_name}
            onChange={set("product_name")}
            required
            maxLength={60}
            hint="Shown on every sign-in, consent and error page, and in mail."
          />
          <Input
            label="Logo URL"
            type="url"
            value={current.logo_url}
            onChange={set("logo_url")}
            placeholder="https://example.com/logo.svg"
            hint="An https:// image. Empty: no logo."
          />
          <Input
            label="Accent colour"
            value={current.accent_color}
            onChange={set("accent_color")}
            pattern="#[0-9a-fA-F]{6}"
            hint="Buttons and links, e.g. #4f46e5."
          />
        </Section>
        <Section title="Support contact">
          <Input
            label="Support email"
            type="email"
            value={current.support_email}
            onChange={set("support_email")}
            hint="Shown on error pages and to people who cannot sign in."
          />
          <Input label="Support page" type="url" value={current.support_url} onChange={set("support_url")} placeholder="https://help.example.com" />
        </Section>
        <Section title="Lifetimes">
          <Input
            label="Session (hours)"
            type="number"
            step="any"
            min={B.session_seconds.min / 3600}
            max={B.session_seconds.max / 3600}
            value={current.session_hours}
            onChange={set("session_hours")}
            hint={`How long a sign-in lasts: ${B.session_seconds.min / 60} minutes to ${B.session_seconds.max / 86_400} days.`}
          />
          <Input
            label="Access token (minutes)"
            type="number"
            step="any"
            min={B.access_token_seconds.min / 60}
            max={B.access_token_seconds.max / 60}
            value={current.access_minutes}
            onChange={set("access_minutes")}
            hint="1 minute to 24 hours. Short is safer: applications refresh."
          />
          <Input
            label="Refresh token (days)"
            type="number"
            step="any"
            min={B.refresh_token_seconds.min / 86_400}
            max={B.refresh_token_seconds.max / 86_400}
            value={current.refresh_days}
            onChange={set("refresh_days")}
            hint="1 hour to 365 days. Applies to tokens issued from now on."
          />
        </Section>
        <Section title="Second factor">
          <Checkbox
            label="Required for administrators (recommended)"
            checked={current.factor_admins}
            onChange={(event) => setDraft({ ...current, factor_admins: event.target.checked })}
            hint="Admins signed in with a password only are refused by the console until they sign in with their second factor; an admin without one is led through setting up an authenticator app or a passkey (at once, if already signed in). Set up your own first (Account → Security)."
          />
          <Checkbox
            label="Required for everyone"
            checked={current.factor_everyone}
            onChange={(event) => setDraft({ ...current, factor_everyone: event.target.checked })}
            hint="Every sign-in needs a second factor; people without one set up an authenticator app or a passkey at their next sign-in, and the application they came from continues after. A single client can require it too (its Sign-in settings)."
          />
        </Section>
        <Section title="Sign-up">
          <Select
            label="Who may create an account"
            value={current.sign_up}
            onChange={set("sign_up")}
            options={[
              { value: "", label: defaultLabel },
              { value: "open", label: "Anyone (open)" },
              { value: "invite", label: "Invited people only" },
              { value: "closed", label: "Nobody: admins create accounts (closed)" },
            ]}
            hint={`In force now: ${settings.data.sign_up_effective}.`}
          />
          <Textarea
            label="Allowed email domains"
            value={current.domains}
            onChange={set("domains")}
            rows={3}
            hint="One per line, e.g. example.com. Empty: any domain. Applies to open sign-up."
          />
        </Section>
        <div className="flex gap-2">
          <Button type="submit" disabled={save.isPending}>
            Save settings
          </Button>
          {draft ? (
            <Button type="button" variant="secondary" onClick={() => setDraft(null)}>
              Discard changes
            </Button>
          ) : null}
        </div>
      </form>
    </>
  );
}
