import { Badge, Button, Card, Input } from "@iam/ui";
import type { AccountOverview } from "@iam/schemas";

/** Name and email address: plain forms posted to Better Auth's `update-user` and `change-email`. */
export function ProfileSection({ apiUrl, user }: { apiUrl: string; user: AccountOverview["user"] }) {
  return (
    <Card title="Profile" headingLevel={2}>
      <div id="profile" className="flex flex-col gap-6">
        <form method="post" action={`${apiUrl}/api/auth/update-user`} className="flex flex-col gap-3" data-testid="name-form">
          <Input label="Name" name="name" defaultValue={user.name} autoComplete="name" required maxLength={200} />
          <div>
            <Button type="submit" variant="secondary">
              Save name
            </Button>
          </div>
        </form>
        <form method="post" action={`${apiUrl}/api/auth/change-email`} className="flex flex-col gap-3" data-testid="email-form">
          <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
            <span>
              Email: <strong data-testid="current-email">{user.email}</strong>
            </span>
            {user.email_verified ? <Badge tone="success">verified</Badge> : <Badge tone="warning">not verified</Badge>}
          </p>
          <Input
            label="New email address"
            name="newEmail"
            type="email"
            autoComplete="email"
            required
            maxLength={320}
            hint="We send a link to the new address; your email changes when you confirm it."
          />
          <div>
            <Button type="submit" variant="secondary">
              Change email
            </Button>
          </div>
        </form>
      </div>
    </Card>
  );
}
