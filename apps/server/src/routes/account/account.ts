import type { Auth } from "@iam/auth";
import type { Db } from "@iam/db";
import { oauthClient, oauthConsent } from "@iam/db/schema";
import type { ConnectedApplication } from "@iam/schemas";
import { desc, eq } from "drizzle-orm";
import { apiRouter, fail } from "../../openapi/api-router.ts";
import { accountOverviewRoute } from "./account-routes.ts";
import { describeDevice, displayAddress } from "./device-description.ts";

/** Only http(s) links are handed to the page: a registered `javascript:` URI must never become a link. */
function webLink(value: string | null): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** The person's consents with the names of the clients (the plugin's `get-consents` has ids only). */
async function connectedApplications(db: Db, userId: string): Promise<ConnectedApplication[]> {
  const rows = await db
    .select({
      id: oauthConsent.id,
      clientId: oauthConsent.clientId,
      name: oauthClient.name,
      uri: oauthClient.uri,
      icon: oauthClient.icon,
      scopes: oauthConsent.scopes,
      createdAt: oauthConsent.createdAt,
    })
    .from(oauthConsent)
    .leftJoin(oauthClient, eq(oauthClient.clientId, oauthConsent.clientId))
    .where(eq(oauthConsent.userId, userId))
    .orderBy(desc(oauthConsent.createdAt), oauthConsent.id);
  return rows.map((row) => ({
    consent_id: row.id,
    client_id: row.clientId,
    name: row.name ?? row.clientId,
    client_uri: webLink(row.uri),
    logo_uri: webLink(row.icon),
    scopes: row.scopes,
    granted_at: row.createdAt.toISOString(),
  }));
}

/**
 * `/api/account`: one read for the account page, for any signed-in person (not only admins).
 * Sessions come from Better Auth's own `list-sessions` (active ones, the caller's only); their
 * tokens never leave the server, the page refers to sessions by id.
 */
export function accountRoutes(auth: Auth, db: Db) {
  return apiRouter().openapi(accountOverviewRoute, async (c) => {
    c.header("Cache-Control", "no-store");
    const headers = c.req.raw.headers;
    const current = await auth.api.getSession({ headers, query: { disableRefresh: true } });
    if (!current) return fail(c, "unauthorized");
    const [sessions, applications] = await Promise.all([auth.api.listSessions({ headers }), connectedApplications(db, current.user.id)]);
    return c.json(
      {
        user: { id: current.user.id, name: current.user.name, email: current.user.email, email_verified: current.user.emailVerified },
        sessions: [...sessions]
          .sort((a, b) => Number(b.id === current.session.id) - Number(a.id === current.session.id) || b.updatedAt.getTime() - a.updatedAt.getTime())
          .map((session) => ({
            id: session.id,
            current: session.id === current.session.id,
            device: describeDevice(session.userAgent),
            ip_address: displayAddress(session.ipAddress),
            signed_in_at: session.createdAt.toISOString(),
            last_used_at: session.updatedAt.toISOString(),
            expires_at: session.expiresAt.toISOString(),
          })),
        applications,
      },
      200,
    );
  });
}
