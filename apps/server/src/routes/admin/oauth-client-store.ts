import { ADMIN_CLIENT_REFERENCE, readTokenPolicies } from "@iam/auth";
import type { Db } from "@iam/db";
import { oauthClient, oauthClientRegistration } from "@iam/db/schema";
import { and, count, desc, eq, ilike, isNull, or } from "drizzle-orm";
import type { SQL } from "drizzle-orm";
import { likePattern } from "./like-pattern.ts";
import type { PageQuery } from "@iam/schemas";
import type { TokenPolicyInput, UpdateOAuthClientBody } from "@iam/schemas";
import type { TokenPolicy } from "@iam/auth";
import { clientView } from "./oauth-client-view.ts";

/**
 * Reads go straight to the table: the plugin's `get-clients` lists only the caller's own clients
 * and has no search or paging, and its `get-client` hides the admin-only fields.
 */
export async function listClients(db: Db, page: PageQuery & { status?: "enabled" | "disabled" }) {
  const filters: SQL[] = [];
  if (page.q) {
    const pattern = likePattern(page.q);
    filters.push(or(ilike(oauthClient.name, pattern), ilike(oauthClient.clientId, pattern)) as SQL);
  }
  if (page.status === "disabled") filters.push(eq(oauthClient.disabled, true));
  if (page.status === "enabled") filters.push(or(eq(oauthClient.disabled, false), isNull(oauthClient.disabled)) as SQL);
  const where = filters.length ? and(...filters) : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select({
        client: oauthClient,
        registration: { initialAccessTokenId: oauthClientRegistration.initialAccessTokenId, clientId: oauthClientRegistration.clientId },
      })
      .from(oauthClient)
      .leftJoin(oauthClientRegistration, eq(oauthClientRegistration.clientId, oauthClient.clientId))
      .where(where)
      .orderBy(desc(oauthClient.createdAt), oauthClient.clientId)
      .limit(page.limit)
      .offset(page.offset),
    db.select({ value: count() }).from(oauthClient).where(where),
  ]);
  const policies = await readTokenPolicies(
    db,
    rows.map((row) => row.client.clientId),
  );
  return {
    clients: rows.map((row) => clientView(row.client, policies.get(row.client.clientId), row.registration?.clientId ? row.registration : null)),
    total: total?.value ?? 0,
    limit: page.limit,
    offset: page.offset,
  };
}

export async function findClient(db: Db, clientId: string) {
  const [row] = await db.select().from(oauthClient).where(eq(oauthClient.clientId, clientId)).limit(1);
  return row;
}

/**
 * Clients made before clients belonged to the administrators as a group (or by the plugin's
 * public endpoint) are owned by one user; the plugin lets only that owner change them. Handing
 * them to the group lets any admin use the plugin's update, rotate and delete.
 */
/** How the client came to be: null when an admin made it, else its registration (see oauth_client_registration). */
export async function findRegistration(db: Db, clientId: string) {
  const [row] = await db
    .select({ initialAccessTokenId: oauthClientRegistration.initialAccessTokenId })
    .from(oauthClientRegistration)
    .where(eq(oauthClientRegistration.clientId, clientId))
    .limit(1);
  return row ?? null;
}

export async function adoptClient(db: Db, row: { clientId: string; referenceId: string | null; userId: string | null }) {
  if (row.referenceId === ADMIN_CLIENT_REFERENCE && row.userId === null) return;
  await db.update(oauthClient).set({ referenceId: ADMIN_CLIENT_REFERENCE, userId: null }).where(eq(oauthClient.clientId, row.clientId));
}

type DirectColumns = Partial<typeof oauthClient.$inferInsert>;

/**
 * Splits a PATCH into what the plugin's `adminUpdateOAuthClient` accepts and what it cannot set
 * (`disabled`, `require_pkce`, clearing a field), which is written here.
 */
export function splitUpdate(update: UpdateOAuthClientBody) {
  const { disabled, require_pkce, access_token_format, access_token_lifetime, refresh_token_policy, require_second_factor, ...rest } = update;
  const direct: DirectColumns = {};
  const plugin: Record<string, unknown> = {};
  if (disabled !== undefined) direct.disabled = disabled;
  if (require_pkce !== undefined) direct.requirePKCE = require_pkce;
  const cleared: Record<string, keyof DirectColumns> = {
    scope: "scopes",
    client_uri: "uri",
    logo_uri: "icon",
    policy_uri: "policy",
    tos_uri: "tos",
    contacts: "contacts",
  };
  for (const [field, value] of Object.entries(rest)) {
    const column = cleared[field];
    if (value === null && column) Object.assign(direct, { [column]: null });
    else if (field === "post_logout_redirect_uris" && Array.isArray(value) && value.length === 0) direct.postLogoutRedirectUris = [];
    else if (field === "redirect_uris" && Array.isArray(value) && value.length === 0) direct.redirectUris = [];
    else plugin[field] = value;
  }
  return { plugin, direct, policy: tokenPolicyChange({ access_token_format, access_token_lifetime, refresh_token_policy, require_second_factor }) };
}

/** The token-policy fields of a create or update body, as @iam/auth stores them (absent: unchanged). */
export function tokenPolicyChange(input: TokenPolicyInput): Partial<TokenPolicy> {
  const change: Partial<TokenPolicy> = {};
  if (input.access_token_format !== undefined) change.accessTokenFormat = input.access_token_format;
  if (input.access_token_lifetime !== undefined) change.accessTokenLifetime = input.access_token_lifetime;
  if (input.refresh_token_policy !== undefined) change.refreshTokenPolicy = input.refresh_token_policy;
  if (input.require_second_factor !== undefined) change.requireSecondFactor = input.require_second_factor;
  return change;
}

export async function writeDirect(db: Db, clientId: string, direct: DirectColumns) {
  if (Object.keys(direct).length === 0) return;
  await db
    .update(oauthClient)
    .set({ ...direct, updatedAt: new Date() })
    .where(eq(oauthClient.clientId, clientId));
}

/**
 * `refresh_token_policy: "always"` hands out refresh tokens whose scope includes offline_access
 * (so the plugin rotates them): the client must be allowed the refresh grant and that scope.
 */
export function refreshPolicyProblem(client: { refresh_token_policy?: string; grant_types?: readonly string[]; scope?: string | null }): string | undefined {
  if (client.refresh_token_policy !== "always") return undefined;
  if (!client.grant_types?.includes("refresh_token")) return 'refresh_token_policy "always" needs the refresh_token grant type.';
  const scopes = client.scope ? client.scope.split(" ").filter(Boolean) : [];
  if (scopes.length && !scopes.includes("offline_access"))
    return 'refresh_token_policy "always" needs offline_access among the client\'s scopes (or no scope list).';
  return undefined;
}
