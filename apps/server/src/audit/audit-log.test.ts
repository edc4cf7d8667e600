import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerClient, signUp, testDatabaseKinds } from "@iam/testing";
import * as f from "../security/fixture.ts";

interface Entry {
  action: string;
  actor_user_id: string | null;
  actor_email: string | null;
  target_id: string | null;
  ip_address: string | null;
  created_at: string;
}

describe.each(testDatabaseKinds())("audit log on $label", (kind) => {
  let fx: f.SecurityFixture;

  beforeAll(async () => {
    fx = await f.startSecurityFixture(kind);
  });
  afterAll(async () => {
    await fx?.close();
  });

  async function entries(filter: Record<string, string> = {}): Promise<{ entries: Entry[]; next_cursor: string | null }> {
    const response = await fx.admin.fetchJson(`${fx.server.url}/api/admin/audit-log?${new URLSearchParams(filter).toString()}`, "GET");
    expect(response.status).toBe(200);
    return JSON.parse(response.body) as { entries: Entry[]; next_cursor: string | null };
  }

  async function sessionUserId(agent: f.SecurityFixture["user"]): Promise<string> {
    const response = await agent.fetchJson(`${fx.server.url}/api/auth/get-session`, "GET");
    return (JSON.parse(response.body) as { user: { id: string } }).user.id;
  }

  it("records sign-in success and failure with who and from where, and never the password", async () => {
    const failed = await f.http(`${fx.server.url}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: f.TEST_WEB_URL },
      body: JSON.stringify({ email: fx.userEmail.toUpperCase(), password: "wrong-password-audit" }),
    });
    expect(failed.status).toBe(401);
    const { entries: failures } = await entries({ action: "sign_in.failed", actor: fx.userEmail });
    expect(failures[0]).toMatchObject({ action: "sign_in.failed", actor_email: fx.userEmail, actor_user_id: null });
    expect(failures[0]?.ip_address).toMatch(/127\.0\.0\.1|::1/);
    const { entries: successes } = await entries({ action: "sign_in.succeeded", actor: await sessionUserId(fx.admin) });
    expect(successes.length).toBeGreaterThan(0);
    expect(JSON.stringify(await entries())).not.toContain("wrong-password-audit");
  });

  it("records client creation, rotation, update and deletion through the admin API", async () => {
    const client = await registerClient(fx.server, fx.admin, { skip_consent: true });
    const cookie = fx.admin.cookieHeader();
    const call = (method: string, path: string, body?: unknown) =>
      f.http(`${fx.server.url}${path}`, {
        method,
        headers: { cookie, origin: f.TEST_WEB_URL, "content-type": "application/json" },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    expect((await call("POST", `/api/admin/oauth-clients/${client.client_id}/rotate-secret`, {})).status).toBe(200);
    expect((await call("PATCH", `/api/admin/oauth-clients/${client.client_id}`, { client_name: "Renamed" })).status).toBe(200);
    expect((await call("DELETE", `/api/admin/oauth-clients/${client.client_id}`)).status).toBeLessThan(300);
    const { entries: log } = await entries({ target: client.client_id });
    expect(log.map((entry) => entry.action).sort()).toEqual([
      "oauth_client.created",
      "oauth_client.deleted",
      "oauth_client.secret_rotated",
      "oauth_client.updated",
    ]);
    const adminId = await sessionUserId(fx.admin);
    expect(log.every((entry) => entry.actor_user_id === adminId)).toBe(true);
    expect(JSON.stringify(log)).not.toContain(String(client.client_secret));
  });

  it("records consent granted and revoked, a ban, a role change and impersonation", async () => {
    const person = await signUp(fx.server, "audited@test.example", "audited-password-123");
    const personId = await sessionUserId(person);
    const consenting = await registerClient(fx.server, fx.admin, {});
    await f.issueTokens(fx.server, person, consenting);
    const consents = JSON.parse((await person.fetchJson(`${fx.server.url}/api/auth/oauth2/get-consents`, "GET")).body) as { id: string }[];
    expect((await person.fetchJson(`${fx.server.url}/api/auth/oauth2/delete-consent`, "POST", { id: consents[0]?.id })).status).toBe(200);
    expect((await fx.admin.fetchJson(`${fx.server.url}/api/auth/admin/set-role`, "POST", { userId: personId, role: "admin" })).status).toBe(200);
    expect((await fx.admin.fetchJson(`${fx.server.url}/api/auth/admin/set-role`, "POST", { userId: personId, role: "user" })).status).toBe(200);
    expect((await fx.admin.fetchJson(`${fx.server.url}/api/auth/admin/ban-user`, "POST", { userId: personId })).status).toBe(200);

    const granted = await entries({ action: "consent.granted", actor: personId });
    expect(granted.entries[0]?.target_id).toBe(consenting.client_id);
    expect((await entries({ action: "consent.revoked", target: consents[0]?.id ?? "" })).entries).toHaveLength(1);
    const aboutPerson = (await entries({ target: personId })).entries.map((entry) => entry.action);
    expect(aboutPerson).toEqual(expect.arrayContaining(["user.banned", "user.role_changed"]));
    expect((await entries({ action: "user." })).entries.length).toBeGreaterThanOrEqual(3);

    const victim = await signUp(fx.server, "impersonated@test.example", "impersonated-password-123");
    const victimId = await sessionUserId(victim);
    const admin = await (await import("@iam/testing")).signInAdmin(fx.server);
    expect((await admin.fetchJson(`${fx.server.url}/api/auth/admin/impersonate-user`, "POST", { userId: victimId })).status).toBe(200);
    expect((await admin.fetchJson(`${fx.server.url}/api/auth/admin/stop-impersonating`, "POST", {})).status).toBe(200);
    expect((await entries({ action: "impersonation.started", target: victimId })).entries).toHaveLength(1);
    expect((await entries({ action: "impersonation.stopped" })).entries.length).toBeGreaterThanOrEqual(1);
  });

  it("pages newest first with a cursor, and validates its filters", async () => {
    const first = await entries({ limit: "2" });
    expect(first.entries).toHaveLength(2);
    expect(first.next_cursor).not.toBeNull();
    const second = await entries({ limit: "2", cursor: first.next_cursor ?? "" });
    expect((second.entries[0]?.created_at ?? "") <= (first.entries[1]?.created_at ?? "")).toBe(true);
    expect(second.entries.map((entry) => JSON.stringify(entry))).not.toContain(JSON.stringify(first.entries[1]));
    const bad = await fx.admin.fetchJson(`${fx.server.url}/api/admin/audit-log?limit=100000`, "GET");
    expect(bad.status).toBe(400);
    const unknown = await fx.admin.fetchJson(`${fx.server.url}/api/admin/audit-log?evil=1`, "GET");
    expect(unknown.status).toBe(400);
  });
});
