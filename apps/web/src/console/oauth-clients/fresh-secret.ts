/**
 * A just-created client's secret, handed from the creation page to the client's own page in
 * memory only: never in the URL, storage or history. A reload forgets it, as "shown once" means.
 */
let fresh: { clientId: string; clientSecret: string | undefined } | null = null;

export function keepFreshSecret(clientId: string, clientSecret: string | undefined): void {
  fresh = { clientId, clientSecret };
}

/** The fresh credentials for `clientId`, if this page load just created it. */
export function peekFreshSecret(clientId: string): { clientSecret: string | undefined } | null {
  return fresh?.clientId === clientId ? { clientSecret: fresh.clientSecret } : null;
}

export function forgetFreshSecret(clientId: string): void {
  if (fresh?.clientId === clientId) fresh = null;
}
