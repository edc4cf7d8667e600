import { AUDIT_ACTIONS } from "@iam/auth";
import { oauthClient } from "@iam/db/schema";
import { asc, eq } from "drizzle-orm";
import { CliError } from "../cli-error.ts";
import type { CliContext } from "../context.ts";
import { print, table } from "../io.ts";
import type { Output } from "../io.ts";
import { clientRecord, fromRow, generateClientSecret, hashClientSecret, isConfidential, toRow } from "./client-record.ts";

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

/** A new secret replaces the old one at once: the old secret stops working with this update. */
export async function rotateClientSecret({ database, audit }: CliContext, clientId: string, output: Output): Promise<void> {
  const [existing] = await database.db.select().from(oauthClient).where(eq(oauthClient.clientId, clientId)).limit(1);
  if (!existing) throw new CliError("not_found", `No client ${clientId}.`);
  if (existing.tokenEndpointAuthMethod === "none") throw new CliError("invalid_input", "Public clients have no secret to rotate.");
  const secret = generateClientSecret();
  await database.db
    .update(oauthClient)
    .set({ clientSecret: hashClientSecret(secret), updatedAt: new Date() })
    .where(eq(oauthClient.clientId, clientId));
  await audit({ action: AUDIT_ACTIONS.clientSecretRotated, targetType: "oauth_client", targetId: clientId });
  print(
    output,
    { client_id: clientId, client_secret: secret },
    `New secret for ${clientId}:\n  client_secret: ${secret}\n  (the previous secret no longer works)\n`,
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
