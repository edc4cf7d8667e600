import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, signInAdmin, signUp, testDatabaseKinds, startTestServerOn } from "@iam/testing";
import type { BrowserAgent, TestServer } from "@iam/testing";

interface Entry {
  action: string;
  actor_user_id: string | null;
  target_id: string | null;
  details: Record<string, unknown> | null;
}

/**
 * Roles and bans change through several Better Auth endpoints (set-role, update-user, ban-user,
 * create-user, …): the last-admin rule and the audit log must hold for each of them.
 */
describe.each(testDatabaseKinds())("role and ban changes through any endpoint on $label", (kind) => {
  let server: TestServer;
  let admin: BrowserAgent;
  let adminId: string;

  beforeAll(async () => {
    server = await startTestServerOn(kind);
    admin = await signInAdmin(server);
    adminId = await userIdOf(admin);
  });
  afterAll(async () => {
    await server?.close();
  });

  async function userIdOf(agent: BrowserAgent): Promise<string> {
    return (await callApi<{ user: { id: string } }>(server, agent, "GET", "/api/auth/get-session")).body.user.id;
  }

  async function audit(action: string, target: string): Promise<Entry[]> {
    const response = await callApi<{ entries: Entry[] }>(server, admin, "GET", `/api/admin/audit-log?${new URLSearchParams({ action, target }).toString()}`);
    expect(response.status).toBe(200);
    return response.body.entries;
  }

  async function roleOf(userId: string, asAdmin: BrowserAgent = admin): Promise<unknown> {
    const response = await callApi<{ role?: unknown }>(server, asAdmin, "GET", `/api/auth/admin/get-user?id=${encodeURIComponent(userId)}`);
    return response.body.role;
  }

  it("refuses the last admin's demotion through update-user", async () => {
    const refused = await callApi(server, admin, "POST", "/api/auth/admin/update-user", { userId: adminId, data: { role: "user" } });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: "invalid_request" });
    expect(await roleOf(adminId)).toBe("admin");
    expect((await callApi(server, admin, "GET", "/api/admin/dashboard")).status).toBe(200);
    // The same through set-role, and deleting the last admin.
    expect((await callApi(server, admin, "POST", "/api/auth/admin/set-role", { userId: adminId, role: "user" })).body).toMatchObject({
      error: "invalid_request",
    });
    expect((await callApi(server, admin, "POST", "/api/auth/admin/remove-user", { userId: adminId })).status).toBe(400);
    expect(await roleOf(adminId)).toBe("admin");
  });

  it("audits a promotion, a demotion, a ban and an unban made through update-user", async () => {
    const carolId = await userIdOf(await signUp(server, "carol-priv@test.example", "carol-password-123", "Carol"));
    const update = (data: Record<string, unknown>) => callApi(server, admin, "POST", "/api/auth/admin/update-user", { userId: carolId, data });

    expect((await update({ role: "admin" })).status).toBe(200);
    expect((await update({ role: "user" })).status).toBe(200);
    expect(await audit("user.role_changed", carolId)).toEqual([
      expect.objectContaining({ actor_user_id: adminId, target_id: carolId, details: expect.objectContaining({ from: "admin", to: "user" }) }),
      expect.objectContaining({ actor_user_id: adminId, target_id: carolId, details: expect.objectContaining({ from: "user", to: "admin" }) }),
    ]);

    expect((await update({ banned: true, banReason: "abuse" })).status).toBe(200);
    expect(await audit("user.banned", carolId)).toEqual([
      expect.objectContaining({ actor_user_id: adminId, details: expect.objectContaining({ reason: "abuse" }) }),
    ]);
    expect((await update({ banned: false })).status).toBe(200);
    expect(await audit("user.unbanned", carolId)).toEqual([expect.objectContaining({ actor_user_id: adminId })]);
    // A change that changes nothing is not an event.
    expect((await update({ role: "user" })).status).toBe(200);
    expect(await audit("user.role_changed", carolId)).toHaveLength(2);
  });

  it("lets an admin step down through update-user once another admin exists, and then guards the new last one", async () => {
    const ivan = await signUp(server, "ivan-priv@test.example", "ivan-password-123", "Ivan");
    const ivanId = await userIdOf(ivan);
    expect((await callApi(server, admin, "POST", "/api/auth/admin/set-role", { userId: ivanId, role: "admin" })).status).toBe(200);
    expect((await callApi(server, ivan, "POST", "/api/auth/admin/update-user", { userId: adminId, data: { role: "user" } })).status).toBe(200);
    expect(await roleOf(adminId, ivan)).toBe("user");
    const refused = await callApi(server, ivan, "POST", "/api/auth/admin/update-user", { userId: ivanId, data: { role: ["user"] } });
    expect(refused.body).toMatchObject({ error: "invalid_request" });
    expect(await roleOf(ivanId, ivan)).toBe("admin");
    // Back as it was, so the other tests keep their admin.
    expect((await callApi(server, ivan, "POST", "/api/auth/admin/set-role", { userId: adminId, role: "admin" })).status).toBe(200);
    expect(await audit("user.role_changed", adminId)).toHaveLength(2);
  });

  it("records the role a user is created with", async () => {
    const created = await callApi<{ user: { id: string } }>(server, admin, "POST", "/api/auth/admin/create-user", {
      email: "second-admin@test.example",
      password: "second-admin-password-123",
      name: "Second",
      role: "admin",
    });
    expect(created.status).toBe(200);
    expect(await audit("user.created", created.body.user.id)).toEqual([
      expect.objectContaining({ actor_user_id: adminId, details: expect.objectContaining({ role: "admin" }) }),
    ]);
  });

  it("never lets a person set their own role or ban through their own endpoints", async () => {
    const mallory = await signUp(server, "mallory-priv@test.example", "mallory-password-123", "Mallory");
    const malloryId = await userIdOf(mallory);
    const update = await callApi(server, mallory, "POST", "/api/auth/update-user", { role: "admin", banned: false, name: "M" });
    expect(update.status).toBeGreaterThanOrEqual(400);
    const signUpAsAdmin = await callApi(server, undefined, "POST", "/api/auth/sign-up/email", {
      email: "eve-priv@test.example",
      password: "eve-password-123",
      name: "Eve",
      role: "admin",
    });
    expect(signUpAsAdmin.status).toBeGreaterThanOrEqual(400);
    expect(await roleOf(malloryId)).toBe("user");
    expect((await callApi(server, mallory, "GET", "/api/admin/dashboard")).status).toBe(403);
  });
});
