import { Button, Card, Input } from "@iam/ui";

/** Better Auth's `change-password`; the API's browser layer asks it to end every other session. */
export function PasswordSection({ apiUrl }: { apiUrl: string }) {
  return (
    <Card title="Password" headingLevel={2} description="Changing it signs out every other session.">
      <form id="password" method="post" action={`${apiUrl}/api/auth/change-password`} className="flex flex-col gap-3" data-testid="password-form">
        <Input label="Current password" name="currentPassword" type="password" autoComplete="current-password" required />
        <Input label="New password" name="newPassword" type="password" autoComplete="new-password" required minLength={8} />
        <Input label="Repeat new password" name="confirmPassword" type="password" autoComplete="new-password" required minLength={8} />
        <div>
          <Button type="submit" variant="secondary">
            Change password
          </Button>
        </div>
      </form>
    </Card>
  );
}
