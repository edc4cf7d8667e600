"use client";

import { useMailStatus } from "./use-mail";

/** Production without SMTP_URL: say plainly which features reach nobody. */
export function MailBanner() {
  const status = useMailStatus();
  if (status.data?.transport !== "outbox" || !status.data.production) return null;
  return (
    <div role="alert" className="border-b border-amber-300 bg-amber-50 px-4 py-2 text-center text-sm text-amber-900" data-testid="mail-banner">
      Mail is not configured (SMTP_URL is unset): {status.data.features_needing_mail.join(", ")} do not reach anyone. Messages wait in Mail.
    </div>
  );
}
