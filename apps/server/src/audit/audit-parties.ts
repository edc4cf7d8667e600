import type { Db } from "@iam/db";
import { type auditLog, oauthClient, oauthConsent, user } from "@iam/db/schema";
import { auditActionLabel } from "@iam/schemas";
import type { AuditEntry, AuditParty } from "@iam/schemas";
import { eq, inArray } from "drizzle-orm";

type Row = typeof auditLog.$inferSelect;

interface Known {
  users: Map<string, { name: string; email: string }>;
  clients: Map<string, { name: string | null }>;
  consents: Map<string, { clientName: string | null; email: string | null }>;
}

const unique = (values: (string | null | undefined)[]): string[] => [...new Set(values.filter((value): value is string => Boolean(value)))];

/** Everyone a page of entries mentions, looked up in three queries (not one per row). */
async function lookUp(db: Db, rows: Row[]): Promise<Known> {
  const userIds = unique(rows.flatMap((row) => [row.actorUserId, row.targetType === "user" ? row.targetId : null]));
  const clientIds = unique(rows.map((row) => (row.targetType === "oauth_client" ? row.targetId : null)));
  const consentIds = unique(rows.map((row) => (row.targetType === "consent" ? row.targetId : null)));
  const [users, clients, consents] = await Promise.all([
    userIds.length ? db.select({ id: user.id, name: user.name, email: user.email }).from(user).where(inArray(user.id, userIds)) : [],
    clientIds.length ? db.select({ id: oauthClient.clientId, name: oauthClient.name }).from(oauthClient).where(inArray(oauthClient.clientId, clientIds)) : [],
    consentIds.length
      ? db
          .select({ id: oauthConsent.id, clientName: oauthClient.name, email: user.email })
          .from(oauthConsent)
          .leftJoin(oauthClient, eq(oauthClient.clientId, oauthConsent.clientId))
          .leftJoin(user, eq(user.id, oauthConsent.userId))
          .where(inArray(oauthConsent.id, consentIds))
      : [],
  ]);
  return {
    users: new Map(users.map((row) => [row.id, { name: row.name, email: row.email }])),
    clients: new Map(clients.map((row) => [row.id, { name: row.name }])),
    consents: new Map(consents.map((row) => [row.id, { clientName: row.clientName, email: row.email }])),
  };
}

function actorOf(row: Row, known: Known): AuditParty {
  const details = row.details ?? {};
  if (details.via === "cli") return { type: "cli", id: null, name: typeof details.operator === "string" ? details.operator : null, email: null };
  if (row.actorUserId) {
    const found = known.users.get(row.actorUserId);
    return { type: "user", id: row.actorUserId, name: found?.name ?? null, email: found?.email ?? row.actorEmail };
  }
  // A failed sign-in: nobody is known, only the address typed.
  return { type: "anonymous", id: null, name: null, email: row.actorEmail };
}

function targetOf(row: Row, known: Known): AuditParty | null {
  if (!row.targetType) return null;
  const id = row.targetId;
  const details = row.details ?? {};
  switch (row.targetType) {
    case "user": {
      const found = id ? known.users.get(id) : undefined;
      return { type: "user", id, name: found?.name ?? null, email: found?.email ?? null };
    }
    case "oauth_client": {
      const found = id ? known.clients.get(id) : undefined;
      const recorded = typeof details.client_name === "string" ? details.client_name : null;
      return { type: "oauth_client", id, name: found?.name ?? recorded, email: null };
    }
    case "consent": {
      const found = id ? known.consents.get(id) : undefined;
      return { type: "consent", id, name: found?.clientName ?? null, email: found?.email ?? null };
    }
    default:
      return { type: row.targetType === "settings" ? "settings" : "signing_key", id, name: null, email: null };
  }
}

/** Entries as the console shows them: actor and target as people or clients, the action in words. */
export async function describeEntries(db: Db, rows: Row[]): Promise<AuditEntry[]> {
  const known = await lookUp(db, rows);
  return rows.map((row) => ({
    id: row.id,
    created_at: row.createdAt.toISOString(),
    action: row.action,
    action_label: auditActionLabel(row.action),
    actor_user_id: row.actorUserId,
    actor_email: row.actorEmail,
    target_type: row.targetType,
    target_id: row.targetId,
    ip_address: row.ipAddress,
    user_agent: row.userAgent,
    details: row.details,
    actor: actorOf(row, known),
    target: targetOf(row, known),
  }));
}
