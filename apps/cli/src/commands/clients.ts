import { AUDIT_ACTIONS } from "@iam/auth";
import { oauthClient } from "@iam/db/schema";
import { asc, eq } from "drizzle-orm";
import { CliError } from "../cli-error.ts";
import type { CliContext } from "../context.ts";
import { print, table } from "../io.ts";
import type { Output } from "../io.ts";
import { clientRecord, fromRow, generateClientSecret, hashClientSecret, isConfidential, toRow } from "./client-record.ts";
import { endSecretOverlap, MAX_SECRET_OVERLAP_SECONDS, rotateClientSecret as rotateWithOverlap, SECRET_ROTATION_ERRORS } from "@iam/auth";

export interface CreateClientOptions {
  name?: string;
  "redirect-uri"?: string[];
  "post-logout-redirect-uri"?: string[];
  type?: string;
  "auth-method"?: string;
  grant?: string[];
  scope?: string;
  "client-credentials-scope"?: string[];
  "skip-consent"?: boolean;
  "enable-end-session"?: boolean;
}

export async function createClient({ database, audit }: CliContext, options: CreateClientOptions, output: Output): Promise<void> {
  const parsed = clientRecord.safeParse({
    client_name: options.name,
    redirect_uris: options["redirect-uri"],
    post_logout_redirect_uris: options["post-logout-redirect-uri"],
    application_type: options.type,
    token_endpoint_auth_method: options["auth-method"],
    grant_types: options.grant,
    scope: options.scope,
    client_credentials_scopes: options["client-credentials-scope"],
    skip_consent: options["skip-consent"],
    enable_end_session: options["enable-end-session"],
  });
  if (!parsed.success) throw new CliError("invalid_input", "Invalid client.", parsed.error.issues);
  const secret = isConfidential(parsed.data) ? generateClientSecret() : undefined;
  const [row] = await database.db
    .insert(oauthClient)
    .values({ ...toRow(parsed.data, new Date()), clientSecret: secret ? hashClientSecret(secret) : null })
    .returning();
  if (!row) throw new CliError("failure", "The client was not stored.");
  const created = { ...fromRow(row), ...(secret ? { client_secret: secret } : {}) };
  await audit({ action: AUDIT_ACTIONS.clientCreated, targetType: "oauth_client", targetId: created.client_id });
  print(
    output,
    created,
    `Created client "${created.client_name}"\n  client_id:     ${created.client_id}\n` +
      (secret ? `  client_secret: ${secret}\n  (shown only now: store it in your secret manager)\n` : "  public client (no secret)\n"),
  );
}

export async function listClients({ database }: CliContext, output: Output): Promise<void> {
  const rows = await database.db.select().from(oauthClient).orderBy(asc(oauthClient.createdAt), asc(oauthClient.clientId));
  const clients = rows.map((row) => fromRow(row));
  print(
    output,
    clients,
    table(
      clients.map((client) => ({
        client_id: client.client_id,
        name: client.client_name,
        type: client.application_type,
        auth: client.token_endpoint_auth_method,
        grants: client.grant_types.join(","),
        disabled: client.disabled ? "yes" : "",
      })),
      ["client_id", "name", "type", "auth", "grants", "disabled"],
    ),
  );
}

const OVERLAP_NAMES: Record<string, number> = { none: 0, "0": 0, "1h": 3600, "24h": 86_400, "7d": 604_800 };

/** `--overlap none|1h|24h|7d|<seconds>`: how long the old secret keeps working (default none). */
export function parseOverlap(value: string | undefined): number {
  if (value === undefined) return 0;
  const named = OVERLAP_NAMES[value];
  if (named !== undefined) return named;
  const seconds = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(seconds) || seconds > MAX_SECRET_OVERLAP_SECONDS) {
    throw new CliError("invalid_input", `--overlap must be none, 1h, 24h, 7d or a number of seconds up to ${MAX_SECRET_OVERLAP_SECONDS}.`);
  }
  return seconds;
}

/**
 * A new secret, shown once. With an overlap the old secret keeps working until the printed
 * instant (the same transaction as the server's admin API, so there is no gap); without, it stops now.
 */
export async function rotateClientSecret({ database, audit }: CliContext, clientId: string, overlap: string | undefined, output: Output): Promise<void> {
  const overlapSeconds = parseOverlap(overlap);
  const rotated = await rotateWithOverlap(database.db, clientId, overlapSeconds);
  if (!rotated.ok) {
    if (rotated.error === SECRET_ROTATION_ERRORS.notFound) throw new CliError("not_found", `No client ${clientId}.`);
    throw new CliError("invalid_input", "Public clients have no secret to rotate.");
  }
  const until = rotated.previousSecretExpiresAt;
  await audit({ action: AUDIT_ACTIONS.clientSecretRotated, targetType: "oauth_client", targetId: clientId, details: { overlap_seconds: overlapSeconds } });
  print(
    output,
    { client_id: clientId, client_secret: rotated.clientSecret, previous_secret_expires_at: until ? Math.floor(until.getTime() / 1000) : null },
    `New secret for ${clientId}:\n  client_secret: ${rotated.clientSecret}\n` +
      (until
        ? `  (the previous secret keeps working until ${until.toISOString()}; end it early with \`clients end-overlap\`)\n`
        : "  (the previous secret no longer works)\n"),
  );
}

/** Ends a rotation's overlap window now: the previous secret is refused from the next request on. */
export async function endClientSecretOverlap({ database, audit }: CliContext, clientId: string, output: Output): Promise<void> {
  const [existing] = await database.db.select({ id: oauthClient.clientId }).from(oauthClient).where(eq(oauthClient.clientId, clientId)).limit(1);
  if (!existing) throw new CliError("not_found", `No client ${clientId}.`);
  const ended = await endSecretOverlap(database.db, clientId);
  if (ended) await audit({ action: AUDIT_ACTIONS.clientSecretOverlapEnded, targetType: "oauth_client", targetId: clientId });
  print(
    output,
    { client_id: clientId, previous_secret_active: false, ended },
    ended ? `The previous secret of ${clientId} no longer works.\n` : `${clientId} had no previous secret in its window.\n`,
  );
}

/** Deleting a client cascades to its tokens and consents, so nothing it issued keeps working. */
export async function deleteClient({ database, audit }: CliContext, clientId: string, output: Output): Promise<void> {
  const deleted = await database.db
    .delete(oauthClient)
    .where(eq(oauthClient.clientId, clientId))
    .returning({ clientId: oauthClient.clientId, clientName: oauthClient.name });
  if (deleted.length === 0) throw new CliError("not_found", `No client ${clientId}.`);
  await audit({
    action: AUDIT_ACTIONS.clientDeleted,
    targetType: "oauth_client",
    targetId: clientId,
    details: { client_name: deleted[0]?.clientName ?? null },
  });
  print(output, { client_id: clientId, deleted: true }, `Deleted client ${clientId} with its tokens and consents.`);
}
