import type { Branding } from "@iam/schemas";
import { Alert, Card } from "@iam/ui";
import { errorMessage } from "@/lib/error-messages";
import { SupportContact } from "./support-contact";

/** The friendly error, used by /error and by pages that detect a bad link themselves. */
export function ErrorCard({ code, branding }: { code: string | undefined; branding?: Branding }) {
  const message = errorMessage(code);
  return (
    <Card title={message.title}>
      <div className="flex flex-col gap-4">
        <p className="text-sm leading-6 text-slate-700" data-testid="error-body">
          {message.body}
        </p>
        <Alert tone="info">
          You can close this page. Nothing was shared with the application.
          {code ? (
            <span className="mt-1 block text-xs text-sky-800">
              Reference for support: <code data-testid="error-code">{code}</code>
            </span>
          ) : null}
        </Alert>
        {branding ? <SupportContact branding={branding} /> : null}
      </div>
    </Card>
  );
}
