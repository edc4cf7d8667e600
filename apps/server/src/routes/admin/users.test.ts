import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverClient, registerClient, runCodeFlow, signInAdmin, signUp, startTestServerOn, testDatabaseKinds } from "@iam/testing";
import type { BrowserAgent, TestServer } from "@iam/testing";
import type { AdminUser, AdminUserPage, AuditEntry } from "@iam/schemas";

describe.each(testDatabaseKinds())("admin users: search and organization on $label", (kind) => {
  let server: TestServer;
  let admin: BrowserAgent;
  let erin: BrowserAgent;

  beforeAll(async () => {
    server = await startTestServerOn(kind);
    admin = await signInAdmin(server);
    erin = await signUp(server, "Erin.Example@Acme.example", "erin-password-123", "Erin Example");
    await signUp(server, "bob@other.example", "bob-password-1234", "Bob 100%_Real");
  });
  afterAll(async () => server?.close());

  async function search(q: string): Promise<string[]> {
    const response = await admin.fetchJson(`${server.url}/api/admin/users?${new URLSearchParams({ q })}`, "GET");
    expect(response.status).toBe(200);
    return (JSON.parse(response.body) as AdminUserPage).users.map((user) => user.email).sort();
  }

  it("finds people whatever the case, by name, email or email domain; % and _ are plain text", async () => {
    expect(await search("erin")).toEqual(["erin.example@acme.example"]);
    expect(await search("ERIN")).toEqual(["erin.example@acme.example"]);
    expect(await search("@ACME.example")).toEqual(["erin.example@acme.example"]);
    expect(await search("other.example")).toEqual(["bob@other.example"]);
    expect(await search("100%_")).toEqual(["bob@other.example"]);
    expect(await search("%")).toEqual(["bob@other.example"]);
    expect(await search("nobody-here")).toEqual([]);
    const anonymous = await fetch(`${server.url}/api/admin/users?q=erin`);
    expect(anonymous.status).toBe(401);
  });

  it("sets the organization an application receives as organizationId, records it, and clears it", async () => {
    const [found] = (JSON.parse((await admin.fetchJson(`${server.url}/api/admin/users?q=erin`, "GET")).body) as AdminUserPage).users;
    const id = found?.id ?? "";
    const patch = (body: unknown) =>
      fetch(`${server.url}/api/admin/users/${id}/organization`, {
        method: "PATCH",
        headers: { cookie: admin.cookieHeader(), origin: "http://localhost:3999", "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await patch({ organization_id: "has space" })).status).toBe(400);
    const saved = await patch({ organization_id: "org-acme" });
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as AdminUser).organizationId).toBe("org-acme");

    const client = await registerClient(server, admin, { skip_consent: true, scope: "openid organization" });
    const { tokens } = await runCodeFlow(await discoverClient(server, client), erin, "openid organization");
    expect(tokens.claims()?.organizationId).toBe("org-acme");

    const log = JSON.parse((await admin.fetchJson(`${server.url}/api/admin/audit-log?action=user.organization_changed`, "GET")).body) as {
      entries: AuditEntry[];
    };
    expect(log.entries[0]?.target).toMatchObject({ type: "user", id, email: "erin.example@acme.example" });
    expect(log.entries[0]?.action_label).toBe("Changed a user's organization");

    expect((await patch({ organization_id: null })).status).toBe(200);
    const again = await runCodeFlow(await discoverClient(server, client), erin, "openid organization");
    expect(again.tokens.claims()?.organizationId).toBe(id);
    expect(
      (
        await fetch(`${server.url}/api/admin/users/nope/organization`, {
          method: "PATCH",
          headers: { cookie: admin.cookieHeader(), origin: "http://localhost:3999", "content-type": "application/json" },
          body: '{"organization_id":"x"}',
        })
      ).status,
    ).toBe(404);
  });
});
