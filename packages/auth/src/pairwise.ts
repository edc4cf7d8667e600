import { createHmac } from "node:crypto";
import { makeSignature } from "better-auth/crypto";

/**
 * The key of pairwise subject identifiers when PAIRWISE_SECRET is not set: derived from
 * BETTER_AUTH_SECRET (which `secret` stays during a rotation of versioned secrets), so a
 * deployment has stable pairwise `sub`s without one more secret to keep. 43 characters, above the
 * plugin's minimum of 32.
 */
export function derivePairwiseSecret(secret: string): string {
  return createHmac("sha256", secret).update("iam/pairwise-subject-identifier/v1").digest("base64url");
}

/** What deciding a client's `sub` reads from its row. */
export interface SubjectClient {
  subjectType: string | null;
  redirectUris: string[];
}

/**
 * The `sub` a client knows a person by, for what the project signs itself (logout tokens): the
 * user's id, or for a pairwise client the plugin's pairwise identifier (OIDC Core §8.1: an HMAC of
 * the sector, its first redirect URI's host, and the user id). A relying party matches a logout
 * token to its session by `sub`, so it must be the ID token's; a test compares the two.
 */
export async function subjectForClient(userId: string, client: SubjectClient, pairwiseSecret: string | undefined): Promise<string> {
  const redirectUri = client.redirectUris[0];
  if (client.subjectType !== "pairwise" || !pairwiseSecret || !redirectUri) return userId;
  return makeSignature(`${new URL(redirectUri).host}.${userId}`, pairwiseSecret);
}

/** The pairwise key the oauth-provider plugin was configured with (undefined: no pairwise subjects). */
export function pairwiseSecretOf(context: { getPlugin(id: string): unknown }): string | undefined {
  const plugin = context.getPlugin("oauth-provider") as { options?: { pairwiseSecret?: unknown } } | null | undefined;
  const secret = plugin?.options?.pairwiseSecret;
  return typeof secret === "string" ? secret : undefined;
}
