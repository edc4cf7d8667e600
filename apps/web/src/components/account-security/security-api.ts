import { ApiError, requestJson } from "@/lib/json-request";
import type { PasskeyCreationOptions, PublicKeyCredentialJson } from "@/components/passkeys/webauthn";

export interface SecurityUser {
  id: string;
  email: string;
  name: string;
  twoFactorEnabled?: boolean | null;
}

/** A passkey as the account page lists it (the plugin's row; never the public key on screen). */
export interface PasskeySummary {
  id: string;
  name?: string | null;
  createdAt?: string | null;
  deviceType?: string | null;
  backedUp?: boolean | null;
}

/** Better Auth's endpoints for the person's own factors, called with the session cookie. */
export function securityApi(apiUrl: string) {
  const call = <T>(method: "GET" | "POST", path: string, body?: unknown) => requestJson<T>(method, `${apiUrl}/api/auth${path}`, body);
  return {
    session: () => call<{ user: SecurityUser } | null>("GET", "/get-session"),
    enableTotp: (password: string) => call<{ totpURI: string; backupCodes: string[] }>("POST", "/two-factor/enable", { password }),
    confirmTotp: (code: string) => call<unknown>("POST", "/two-factor/verify-totp", { code }),
    /** Confirms enrollment inside an authorization: the provider answers where it continues (`url`). */
    confirmTotpResuming: (code: string, oauthQuery: string | undefined) =>
      call<{ url?: unknown }>("POST", "/two-factor/verify-totp", { code, ...(oauthQuery ? { oauth_query: oauthQuery } : {}) }),
    regenerateBackupCodes: (password: string) => call<{ backupCodes: string[] }>("POST", "/two-factor/generate-backup-codes", { password }),
    disableTotp: (password: string) => call<unknown>("POST", "/two-factor/disable", { password }),
    listPasskeys: () => call<PasskeySummary[]>("GET", "/passkey/list-user-passkeys"),
    passkeyRegistrationOptions: (name: string) => call<PasskeyCreationOptions>("GET", `/passkey/generate-register-options?${new URLSearchParams({ name })}`),
    registerPasskey: (response: PublicKeyCredentialJson, name: string) => call<PasskeySummary>("POST", "/passkey/verify-registration", { response, name }),
    renamePasskey: (id: string, name: string) => call<unknown>("POST", "/passkey/update-passkey", { id, name }),
    removePasskey: (id: string) => call<unknown>("POST", "/passkey/delete-passkey", { id }),
  };
}

export type SecurityApi = ReturnType<typeof securityApi>;

const MESSAGES: Record<string, string> = {
  INVALID_PASSWORD: "That password isn't right.",
  INVALID_CODE: "That code isn't right. Use the current code from your app.",
  SESSION_NOT_FRESH: "For your safety, sign in again before adding a passkey.",
  PREVIOUSLY_REGISTERED: "This device already holds a passkey for your account.",
};

export function messageOf(error: unknown): string {
  if (error instanceof ApiError && error.code && MESSAGES[error.code]) return MESSAGES[error.code]!;
  return error instanceof Error ? error.message : "Something went wrong.";
}

/** The key an authenticator app stores, for people who type it instead of scanning the QR code. */
export function totpKey(totpURI: string): string {
  try {
    return new URL(totpURI).searchParams.get("secret") ?? "";
  } catch {
    return "";
  }
}
