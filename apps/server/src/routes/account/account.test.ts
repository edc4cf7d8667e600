import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi, signIn, signInAdmin, signUp, startTestServerOn, TEST_WEB_URL, testDatabaseKinds } from "@iam/testing";
import type { BrowserAgent, TestServer } from "@iam/testing";
import type { AccountOverview, UserSignIns } from "@iam/schemas";

const DAVE = { email: "dave@example.com", password: "dave-password-123", name: "Dave" };

/** `/api/account` and the account forms over HTTP, the way the page and a browser reach them. */
describe.each(testDatabaseKinds())("account API on $label", (kind) => {
  let server: TestServer;
  let dave: BrowserAgent;
  let admin: BrowserAgent;

  beforeAll(async () => {
    server = await startTestServerOn(kind);
    dave = await signUp(server, DAVE.email, DAVE.password, DAVE.name);
    admin = await signInAdmin(server);
  });
  afterAll(async () => {
    await server?.close();
  });

  it("answers 401 signed out and the person's own overview signed in, sessions marked and addresses compact", async () => {
    expect((await callApi(server, undefined, "GET", "/api/account")).status).toBe(401);
    const second = await signIn(server, DAVE.email, DAVE.password);
    const answer = await callApi<AccountOverview>(server, dave, "GET", "/api/account");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("cache-control")).toBe("no-store");
    expect(answer.body.user).toMatchObject({ email: DAVE.email, name: DAVE.name, email_verified: false });
    expect(answer.body.sessions).toHaveLength(2);
    expect(answer.body.sessions.filter((session) => session.current)).toHaveLength(1);
    expect(answer.body.sessions[0]?.current).toBe(true);
    for (const session of answer.body.sessions) expect(session.ip_address).toMatch(/^(::1|127\.0\.0\.1)$/);
    expect(JSON.stringify(answer.body)).not.toContain("token");
    // The other agent sees the same two, with the other one current.
    const seen = await callApi<AccountOverview>(server, second, "GET", "/api/account");
    expect(seen.body.sessions.find((session) => session.current)?.id).not.toBe(answer.body.sessions[0]?.id);
  });

  it("turns a native form post into Better Auth's call and a 303 back to the page", async () => {
    const saved = await dave.submitForm(`${server.url}/api/auth/update-user`, { name: "Dave Renamed" });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`${TEST_WEB_URL}/account?done=name_saved#profile`);
    const empty = await dave.submitForm(`${server.url}/api/auth/update-user`, { name: "   " });
    expect(empty.location).toBe(`${TEST_WEB_URL}/account?error=invalid_input#profile`);
    const wrong = await dave.submitForm(`${server.url}/api/auth/change-password`, {
      currentPassword: "not-it",
      newPassword: "dave-new-password-1",
      confirmPassword: "dave-new-password-1",
    });
    expect(wrong.location).toBe(`${TEST_WEB_URL}/account?error=wrong_password#password`);
    const mismatch = await dave.submitForm(`${server.url}/api/auth/change-password`, {
      currentPassword: DAVE.password,
      newPassword: "dave-new-password-1",
      confirmPassword: "dave-new-password-2",
    });
    expect(mismatch.location).toBe(`${TEST_WEB_URL}/account?error=password_mismatch#password`);
    const unknown = await dave.submitForm(`${server.url}/api/auth/revoke-session`, { session_id: "no-such-session" });
    expect(unknown.location).toBe(`${TEST_WEB_URL}/account?error=not_found#sessions`);
    const overview = await callApi<AccountOverview>(server, dave, "GET", "/api/account");
    expect(overview.body.user.name).toBe("Dave Renamed");
  });

  it("shows admins each user's last sign-in from the audit log, and only admins", async () => {
    const me = await callApi<AccountOverview>(server, dave, "GET", "/api/account");
    const signedUpOnly = await signUp(server, "erin@example.com", "erin-password-123", "Erin");
    const erin = await callApi<AccountOverview>(server, signedUpOnly, "GET", "/api/account");
    const ids = [me.body.user.id, "never-signed-in", erin.body.user.id].join(",");
    expect((await callApi(server, dave, "GET", `/api/admin/user-sign-ins?user_ids=${ids}`)).status).toBe(403);
    const answer = await callApi<UserSignIns>(server, admin, "GET", `/api/admin/user-sign-ins?user_ids=${ids}`);
    expect(answer.status).toBe(200);
    // Dave signed in; Erin only signed up, which signs her in too; nobody else.
    expect(answer.body.last_sign_ins.map((entry) => entry.user_id).sort()).toEqual([me.body.user.id, erin.body.user.id].sort());
    expect(Date.now() - Date.parse(answer.body.last_sign_ins[0]?.at ?? "")).toBeLessThan(10 * 60_000);
    expect((await callApi(server, admin, "GET", "/api/admin/user-sign-ins")).status).toBe(400);
  });
});
