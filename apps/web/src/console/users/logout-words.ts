import type { LogoutReach } from "@iam/schemas";

const names = (clients: LogoutReach["notified"]) => clients.map((client) => client.client_name ?? client.client_id).join(", ");

/**
 * What ending a person's sessions does, in words that match what happens: the provider's side
 * always ends; an application hears of it only through its back-channel logout URI.
 */
export function sessionEndConsequences(reach: LogoutReach | undefined, opening: string): string {
  if (!reach) return `${opening} Checking which applications can be told…`;
  const parts = [opening];
  if (reach.notified.length === 0 && reach.unreachable.length === 0) parts.push("No application holds tokens for them.");
  if (reach.notified.length > 0) parts.push(`Told at once (back-channel logout), and end their session there: ${names(reach.notified)}.`);
  if (reach.unreachable.length > 0) {
    parts.push(
      `Cannot be told (no back-channel logout URI): ${names(reach.unreachable)}. A session these applications already opened lasts until it expires or they next check with the provider.`,
    );
  }
  return parts.join(" ");
}
