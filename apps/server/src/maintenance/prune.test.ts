import { randomUUID } from "node:crypto";
import { oauthAccessToken, oauthRefreshToken, rateLimit, session, verification } from "@iam/db/schema";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerClient, signInAdmin, signUp, testDatabaseKinds, startTestServerOn } from "@iam/testing";
import type { TestServer } from "@iam/testing";
import * as f from "../security/fixture.ts";
import { pruneExpired } from "./prune.ts";

describe.each(testDatabaseKinds())("pruning expired rows on $label", (kind) => {
  let server: TestServer;

  // The default schedule (ten minutes) never runs during this test, so the explicit prune below
  // is the only one that deletes and its counts are exact; the scheduled run has its own server.
  beforeAll(async () => {
    server = await startTestServerOn(kind);
  });
  afterAll(async () => {
    await server?.close();
  });

  async function rows(table: typeof verification | typeof session | typeof oauthAccessToken | typeof oauthRefreshToken | typeof rateLimit): Promise<number> {
    const [row] = await server.database.db.select({ n: count() }).from(table);
    return row?.n ?? 0;
  }

  it("deletes expired codes, sessions and tokens and keeps live ones", async () => {
    const db = server.database.db;
    const person = await signUp(server, "prune@test.example", "prune-password-123");
    const client = await registerClient(server, await signInAdmin(server), { skip_consent: true });
    const live = await f.issueTokens(server, person, client);
    const past = new Date(Date.now() - 60_000);
    const userId = ((await person.fetchJson(`${server.url}/api/auth/get-session`, "GET").then((r) => JSON.parse(r.body))) as { user: { id: string } }).user.id;
    await db.insert(verification).values({ id: randomUUID(), identifier: "expired-code", value: "{}", expiresAt: past, createdAt: past, updatedAt: past });
    await db.insert(session).values({ id: randomUUID(), token: randomUUID(), userId, expiresAt: past, createdAt: past, updatedAt: past });
    const refreshId = randomUUID();
    await db
      .insert(oauthRefreshToken)
      .values({ id: refreshId, token: randomUUID(), clientId: client.client_id, userId, scopes: ["openid"], expiresAt: past, createdAt: past });
    await db.insert(oauthAccessToken).values({
      id: randomUUID(),
      token: randomUUID(),
      clientId: client.client_id,
      userId,
      refreshId,
      scopes: ["openid"],
      expiresAt: new Date(Date.now() + 60_000),
      createdAt: past,
    });
    await db.insert(rateLimit).values({ id: randomUUID(), key: "stale-window", count: 3, lastRequest: Date.now() - 2 * 24 * 3600_000 });

    const counts = await pruneExpired(db);

    expect(counts).toMatchObject({ verification: 1, session: 1, oauth_refresh_token: 1, rate_limit: 1 });
    // The access token hanging off the expired refresh token went with it (cascade).
    expect(await rows(oauthAccessToken)).toBe(1);
    expect((await f.introspect(server, client, live.access_token)).active).toBe(true);
    expect((await f.refresh(server, client, live.refresh_token ?? "")).status).toBe(200);
    expect((await person.fetchJson(`${server.url}/api/auth/get-session`, "GET")).body).toContain("prune@test.example");
  });

  it("runs on a schedule in the background", async () => {
    const scheduled = await startTestServerOn(kind, { pruneIntervalMs: 300 });
    try {
      const db = scheduled.database.db;
      const past = new Date(Date.now() - 60_000);
      await db.insert(verification).values({ id: randomUUID(), identifier: "scheduled", value: "{}", expiresAt: past, createdAt: past, updatedAt: past });
      const remaining = async () => (await db.select({ n: count() }).from(verification))[0]?.n ?? 0;
      const deadline = Date.now() + 5_000;
      while ((await remaining()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await remaining()).toBe(0);
      expect((await f.http(`${scheduled.url}/healthz`)).status).toBe(200);
    } finally {
      await scheduled.close();
    }
  });
});
