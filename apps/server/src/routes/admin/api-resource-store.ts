import { randomUUID } from "node:crypto";
import { CLIENT_AUDIENCE_KIND } from "@iam/auth";
import type { Db } from "@iam/db";
import { oauthClient, oauthClientResource, oauthResource } from "@iam/db/schema";
import type { ApiResource, ApiResourceListQuery, CreateApiResourceBody, UpdateApiResourceBody } from "@iam/schemas";
import { likePattern } from "./like-pattern.ts";
import { and, asc, eq, ilike, inArray, isNull, or, sql } from "drizzle-orm";

type ResourceRow = typeof oauthResource.$inferSelect;

/**
 * Declared APIs live in the OAuth plugin's own `oauth_resource` table (and clients' access in
 * `oauth_client_resource`), which its token endpoint reads on every `resource=` request; the
 * plugin's resource cache is off (no `cachedResources`), so writes here apply at once. Rows that
 * stand for a client's own audience (JWT access tokens without `resource`) are not APIs.
 */
const declaredApis = or(isNull(oauthResource.metadata), sql`coalesce(${oauthResource.metadata}->>'kind', '') <> ${CLIENT_AUDIENCE_KIND}`);

function view(row: ResourceRow, clientIds: string[]): ApiResource {
  return {
    id: row.id,
    identifier: row.identifier,
    name: row.name,
    scopes: row.allowedScopes ?? [],
    client_ids: clientIds,
    access_token_lifetime: row.accessTokenTtl,
    disabled: row.disabled ?? false,
    created_at: row.createdAt ? Math.floor(row.createdAt.getTime() / 1000) : undefined,
  };
}

async function linkedClients(db: Db, identifiers: string[]) {
  const links = new Map<string, string[]>();
  if (identifiers.length === 0) return links;
  const rows = await db
    .select({ resourceId: oauthClientResource.resourceId, clientId: oauthClientResource.clientId })
    .from(oauthClientResource)
    .where(inArray(oauthClientResource.resourceId, identifiers))
    .orderBy(asc(oauthClientResource.clientId));
  for (const row of rows) links.set(row.resourceId, [...(links.get(row.resourceId) ?? []), row.clientId]);
  return links;
}

export async function listApiResources(db: Db, query: ApiResourceListQuery = {}): Promise<ApiResource[]> {
  const search = query.q ? or(ilike(oauthResource.identifier, likePattern(query.q)), ilike(oauthResource.name, likePattern(query.q))) : undefined;
  const rows = await db.select().from(oauthResource).where(and(declaredApis, search)).orderBy(asc(oauthResource.identifier));
  const links = await linkedClients(
    db,
    rows.map((row) => row.identifier),
  );
  const resources = rows.map((row) => view(row, links.get(row.identifier) ?? []));
  return query.client_id ? resources.filter((resource) => resource.client_ids.includes(query.client_id as string)) : resources;
}

export async function findApiResource(db: Db, id: string): Promise<ApiResource | undefined> {
  const [row] = await db
    .select()
    .from(oauthResource)
    .where(and(eq(oauthResource.id, id), declaredApis))
    .limit(1);
  if (!row) return undefined;
  return view(row, (await linkedClients(db, [row.identifier])).get(row.identifier) ?? []);
}

/** Client ids among `clientIds` that no client has. */
export async function unknownClients(db: Db, clientIds: readonly string[]): Promise<string[]> {
  if (clientIds.length === 0) return [];
  const found = await db
    .select({ clientId: oauthClient.clientId })
    .from(oauthClient)
    .where(inArray(oauthClient.clientId, [...clientIds]));
  const known = new Set(found.map((row) => row.clientId));
  return clientIds.filter((id) => !known.has(id));
}

export async function identifierTaken(db: Db, identifier: string): Promise<boolean> {
  const [row] = await db.select({ id: oauthResource.id }).from(oauthResource).where(eq(oauthResource.identifier, identifier)).limit(1);
  return Boolean(row);
}

async function setLinks(tx: Pick<Db, "delete" | "insert">, identifier: string, clientIds: readonly string[]) {
  await tx.delete(oauthClientResource).where(eq(oauthClientResource.resourceId, identifier));
  if (clientIds.length === 0) return;
  const now = new Date();
  await tx
    .insert(oauthClientResource)
    .values([...new Set(clientIds)].map((clientId) => ({ id: randomUUID(), clientId, resourceId: identifier, createdAt: now })));
}

export async function createApiResource(db: Db, input: CreateApiResourceBody): Promise<string> {
  const id = randomUUID();
  const now = new Date();
  await db.transaction(async (tx) => {
    await tx.insert(oauthResource).values({
      id,
      identifier: input.identifier,
      name: input.name,
      allowedScopes: [...new Set(input.scopes)],
      accessTokenTtl: input.access_token_lifetime ?? null,
      disabled: input.disabled ?? false,
      createdAt: now,
      updatedAt: now,
    });
    await setLinks(tx, input.identifier, input.client_ids);
  });
  return id;
}

export async function updateApiResource(db: Db, current: ApiResource, update: UpdateApiResourceBody) {
  await db.transaction(async (tx) => {
    await tx
      .update(oauthResource)
      .set({
        ...(update.name !== undefined ? { name: update.name } : {}),
        ...(update.scopes !== undefined ? { allowedScopes: [...new Set(update.scopes)] } : {}),
        ...(update.access_token_lifetime !== undefined ? { accessTokenTtl: update.access_token_lifetime } : {}),
        ...(update.disabled !== undefined ? { disabled: update.disabled } : {}),
        updatedAt: new Date(),
      })
      .where(eq(oauthResource.id, current.id));
    if (update.client_ids !== undefined) await setLinks(tx, current.identifier, update.client_ids);
  });
}

export async function deleteApiResource(db: Db, id: string) {
  // Links go with it (ON DELETE CASCADE).
  await db.delete(oauthResource).where(eq(oauthResource.id, id));
}
