"use client";

import { Alert } from "@iam/ui";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { SecurityUser } from "./security-api";
import { messageOf, securityApi } from "./security-api";
import { PasskeySection } from "./passkey-section";
import { TotpSection } from "./totp-section";

/**
 * The person's second factors and passkeys. Reads the session from the API (the cookie is the API's); a
 * signed-out visitor is sent to sign in and brought back here.
 */
export function AccountSecurity({ apiUrl, signInUrl }: { apiUrl: string; signInUrl: string }) {
  const api = useMemo(() => securityApi(apiUrl), [apiUrl]);
  const [user, setUser] = useState<SecurityUser | null>();
  const [error, setError] = useState<string>();

  const refresh = useCallback(async () => {
    try {
      const session = await api.session();
      if (!session) {
        window.location.assign(signInUrl);
        return;
      }
      setUser(session.user);
    } catch (failure) {
      setError(messageOf(failure));
    }
  }, [api, signInUrl]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (error) return <Alert tone="error">{error}</Alert>;
  if (!user) return <p className="text-sm text-slate-600">Loading…</p>;
  return (
    <div className="flex flex-col gap-8" data-testid="account-security">
      <p className="text-sm text-slate-600">
        Signed in as <span className="font-medium text-slate-900">{user.email}</span>
      </p>
      <TotpSection api={api} enabled={user.twoFactorEnabled === true} onChanged={refresh} />
      <PasskeySection api={api} />
    </div>
  );
}
