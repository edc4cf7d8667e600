/** A failed call to the API, with Better Auth's own message (shown as is) and code. */
export class SecurityApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = "SecurityApiError";
  }
}

export interface SecurityUser {
  id: string;
  email: string;
  name: string;
  twoFactorEnabled?: boolean | null;
}

/** JSON calls to Better Auth's endpoints with the person's session cookie (CORS with credentials from WEB_URL). */
export function securityApi(apiUrl: string) {
  async function call<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${apiUrl}/api/auth${path}`, {
        method,
        credentials: "include",
        headers: { accept: "application/json", ...(method === "POST" ? { "content-type": "application/json" } : {}) },
        body: method === "POST" ? JSON.stringify(body ?? {}) : undefined,
      });
    } catch {
      throw new SecurityApiError("The server cannot be reached. Check your connection and try again.", 0);
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (!response.ok) {
      const record = (parsed ?? {}) as { message?: unknown; code?: unknown };
      const message = typeof record.message === "string" && record.message ? record.message : `Request failed (${response.status}).`;
      throw new SecurityApiError(message, response.status, typeof record.code === "string" ? record.code : undefined);
    }
    return parsed as T;
  }
  return {
    session: () => call<{ user: SecurityUser } | null>("GET", "/get-session"),
    enableTotp: (password: string) => call<{ totpURI: string; backupCodes: string[] }>("POST", "/two-factor/enable", { password }),
    confirmTotp: (code: string) => call<unknown>("POST", "/two-factor/verify-totp", { code }),
    /** Confirms enrollment inside an authorization: the provider answers where it continues (`url`). */
    confirmTotpResuming: (code: string, oauthQuery: string | undefined) =>
      call<{ url?: unknown }>("POST", "/two-factor/verify-totp", { code, ...(oauthQuery ? { oauth_query: oauthQuery } : {}) }),
    regenerateBackupCodes: (password: string) => call<{ backupCodes: string[] }>("POST", "/two-factor/generate-backup-codes", { password }),
    disableTotp: (password: string) => call<unknown>("POST", "/two-factor/disable", { password }),
  };
}

export type SecurityApi = ReturnType<typeof securityApi>;

export function messageOf(error: unknown): string {
  if (error instanceof SecurityApiError && error.code === "INVALID_PASSWORD") return "That password isn't right.";
  if (error instanceof SecurityApiError && error.code === "INVALID_CODE") return "That code isn't right. Use the current code from your app.";
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
