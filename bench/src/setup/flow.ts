import { createHash, randomBytes } from "node:crypto";
import { REDIRECT_URI } from "../fixtures.ts";

export const CODE_VERIFIER = randomBytes(32).toString("base64url");
export const CODE_CHALLENGE = createHash("sha256").update(CODE_VERIFIER).digest("base64url");

export function basicAuth(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString("base64")}`;
}

export function authorizeQuery(clientId: string, scope: string, state: string, prompt?: string): string {
  return new URLSearchParams({
    response_type: "code",
    client_id: clientId,
    redirect_uri: REDIRECT_URI,
    scope,
    state,
    nonce: `n-${state}`,
    code_challenge: CODE_CHALLENGE,
    code_challenge_method: "S256",
    ...(prompt ? { prompt } : {}),
  }).toString();
}

export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
}

/** Exchanges the code found in a callback URL (with the PKCE verifier) at the token endpoint. */
export async function exchangeCode(tokenUrl: string, auth: string, callbackUrl: string): Promise<TokenResponse> {
  const code = new URL(callbackUrl).searchParams.get("code");
  if (!code) throw new Error(`no code in callback ${new URL(callbackUrl).pathname}`);
  const response = await fetch(tokenUrl, {
    method: "POST",
    headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: CODE_VERIFIER }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`token exchange failed: ${response.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as TokenResponse;
}

/** Runs `task` `count` times, `width` at a time. */
export async function repeat(count: number, width: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await task(next++);
    }),
  );
}
