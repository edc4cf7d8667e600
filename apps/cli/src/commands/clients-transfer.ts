import { AUDIT_ACTIONS, readTokenPolicies, writeTokenPolicy } from "@iam/auth";
import type { Db } from "@iam/db";
import { oauthClient } from "@iam/db/schema";
import { asc, eq, inArray } from "drizzle-orm";
import { CliError } from "../cli-error.ts";
import type { CliContext } from "../context.ts";
import { print } from "../io.ts";
import type { Output } from "../io.ts";
import {
  clientExportFile,
  clientRecord,
  fromRow,
  generateClientSecret,
  hashClientSecret,
  isConfidential,
  tokenPolicyChange,
  tokenPolicyFields,
  toRow,
} from "./client-record.ts";
import type { ClientRecord } from "./client-record.ts";

export async function exportClients({ database }: CliContext, options: { file?: string; "with-secret-hashes"?: boolean }, output: Output): Promise<void> {
  const rows = await database.db.select().from(oauthClient).orderBy(asc(oauthClient.createdAt), asc(oauthClient.clientId));
  const policies = await readTokenPolicies(
    database.db,
    rows.map((row) => row.clientId),
  );
  const document = {
    version: 1 as const,
    clients: rows.map((row) => {
      const { client_id_issued_at: _issuedAt, ...record } = fromRow(row, options["with-secret-hashes"] ?? false);
      // Only clients whose token settings were changed carry them; the others keep the defaults.
      const policy = policies.get(row.clientId);
      return policy ? { ...record, ...tokenPolicyFields(policy) } : record;
    }),
  };
  const text = `${JSON.stringify(document, null, 2)}\n`;
  if (!options.file) {
    output.io.out(text);
    return;
  }
  await output.io.writeFile(options.file, text);
  print(output, { file: options.file, exported: document.clients.length }, `Exported ${document.clients.length} client(s) to ${options.file}.`);
}

/**
 * Creates the clients a file names and updates those that exist (matched by `client_id`), in
 * one transaction: a file with one bad client changes nothing. New confidential clients get a
 * fresh secret, shown once, unless the file carries `client_secret_hash`.
 */
export async function importClients({ database, audit }: CliContext, source: string, output: Output): Promise<void> {
  const text =
    source === "-"
      ? await output.io.readStdin()
      : await output.io.readFile(source).catch(() => {
          throw new CliError("not_found", `Cannot read ${source}.`);
        });
  const records = parseImport(text);
  const ids = records.flatMap((record) => (record.client_id ? [record.client_id] : []));
  if (new Set(ids).size !== ids.length) throw new CliError("invalid_input", "A client_id appears twice in the file.");

  const result = await database.db.transaction(async (tx) => {
    // client_id → whether it has a secret today.
    const existing = new Map(
      ids.length
        ? (
            await tx
              .select({ clientId: oauthClient.clientId, clientSecret: oauthClient.clientSecret })
              .from(oauthClient)
              .where(inArray(oauthClient.clientId, ids))
          ).map((row) => [row.clientId, row.clientSecret !== null] as const)
        : [],
    );
    const created: string[] = [];
    const updated: string[] = [];
    const secrets: Record<string, string> = {};
    const now = new Date();
    for (const record of records) {
      const { id: _id, createdAt: _createdAt, ...columns } = toRow(record, now);
      if (record.client_id && existing.has(record.client_id)) {
        // A public client turned confidential needs a secret it never had.
        const secret = isConfidential(record) && !record.client_secret_hash && !existing.get(record.client_id) ? generateClientSecret() : undefined;
        await tx
          .update(oauthClient)
          .set({ ...columns, ...(secret ? { clientSecret: hashClientSecret(secret) } : secretColumn(record)) })
          .where(eq(oauthClient.clientId, record.client_id));
        await writePolicy(tx, record.client_id, record);
        updated.push(record.client_id);
        if (secret) secrets[record.client_id] = secret;
        continue;
      }
      const secret = isConfidential(record) && !record.client_secret_hash ? generateClientSecret() : undefined;
      const row = toRow(record, now);
      await tx.insert(oauthClient).values({ ...row, clientSecret: secret ? hashClientSecret(secret) : (record.client_secret_hash ?? null) });
      await writePolicy(tx, row.clientId, record);
      created.push(row.clientId);
      if (secret) secrets[row.clientId] = secret;
    }
    return { created, updated, secrets };
  });

  for (const [ids, change] of [
    [result.created, "created"],
    [result.updated, "updated"],
  ] as const) {
    for (const clientId of ids) await audit({ action: AUDIT_ACTIONS.clientImported, targetType: "oauth_client", targetId: clientId, details: { change } });
  }
  const secretLines = Object.entries(result.secrets).map(([id, secret]) => `  ${id}: ${secret}`);
  print(
    output,
    result,
    `Imported: ${result.created.length} created, ${result.updated.length} updated.` +
      (secretLines.length ? `\nNew client secrets (shown only now):\n${secretLines.join("\n")}` : ""),
  );
}

function parseImport(text: string): ClientRecord[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CliError("invalid_input", "The file is not JSON.");
  }
  const file = clientExportFile.safeParse(json);
  if (!file.success) throw new CliError("invalid_input", 'Expected {"version":1,"clients":[…]}.', file.error.issues);
  return file.data.clients.map((candidate, index) => {
    const parsed = clientRecord.safeParse(candidate);
    if (!parsed.success) {
      throw new CliError("invalid_input", `Client #${index + 1} is invalid.`, parsed.error.issues);
    }
    return parsed.data;
  });
}

/** The file's token settings, in the same transaction as the client. */
async function writePolicy(tx: Db, clientId: string, record: ClientRecord): Promise<void> {
  const change = tokenPolicyChange(record);
  if (Object.keys(change).length > 0) await writeTokenPolicy(tx, clientId, change);
}

/** Updates keep the current secret unless the file brings one; public clients have none. */
function secretColumn(record: ClientRecord): { clientSecret?: string | null } {
  if (!isConfidential(record)) return { clientSecret: null };
  return record.client_secret_hash ? { clientSecret: record.client_secret_hash } : {};
}
