import "server-only";
import { z } from "zod";

const publicClient = z.object({
  client_id: z.string(),
  client_name: z.string().optional().nullable(),
  logo_uri: z.string().optional().nullable(),
  client_uri: z.string().optional().nullable(),
  policy_uri: z.string().optional().nullable(),
  tos_uri: z.string().optional().nullable(),
});

export interface ClientInfo {
  clientId: string;
  name: string;
  logoUri?: string;
  clientUri?: string;
  policyUri?: string;
  tosUri?: string;
}

export type ClientLookup = { ok: true; client: ClientInfo } | { ok: false; error: "invalid_signature" | "invalid_client" | "server_error" };

/** Only http(s) links are rendered: a registered `javascript:` URI must never become a link. */
function safeUrl(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Which application asks, before anyone is signed in: the provider's pre-login lookup, which also
 * verifies the signed query, so a tampered or expired link is caught here, on the page.
 */
export async function lookUpClient(apiUrl: string, webUrl: string, clientId: string, oauthQuery: string): Promise<ClientLookup> {
  let response: Response;
  try {
    response = await fetch(`${apiUrl}/api/auth/oauth2/public-client-prelogin`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json", origin: webUrl },
      body: JSON.stringify({ client_id: clientId, oauth_query: oauthQuery }),
      cache: "no-store",
    });
  } catch {
    return { ok: false, error: "server_error" };
  }
  if (response.status === 401 || response.status === 400) {
    const body = (await response.json().catch(() => ({}))) as { error?: string };
    return { ok: false, error: body.error === "invalid_signature" ? "invalid_signature" : "invalid_client" };
  }
  if (response.status === 404) return { ok: false, error: "invalid_client" };
  if (!response.ok) return { ok: false, error: "server_error" };
  const parsed = publicClient.safeParse(await response.json().catch(() => null));
  if (!parsed.success) return { ok: false, error: "server_error" };
  const client = parsed.data;
  return {
    ok: true,
    client: {
      clientId: client.client_id,
      name: client.client_name || "An application",
      logoUri: safeUrl(client.logo_uri),
      clientUri: safeUrl(client.client_uri),
      policyUri: safeUrl(client.policy_uri),
      tosUri: safeUrl(client.tos_uri),
    },
  };
}
