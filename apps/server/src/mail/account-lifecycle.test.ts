import { auditLog, mailMessage, session, user } from "@iam/db/schema";
import { DEVICE_CODE_GRANT } from "@iam/schemas";
import { and, eq } from "drizzle-orm";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BrowserAgent,
  completeAuthorization,
  discoverClient,
  registerClient,
  requestUserCode,
  RP_REDIRECT_URI,
  signIn,
  signInAdmin,
  SmtpInbox,
  SoftAuthenticator,
  startTestServerOn,
  TEST_WEB_URL,
  testDatabaseKinds,
} from "@iam/testing";
import type { RegisteredClient, TestServer } from "@iam/testing";

/** A relying party's authorization request, as openid-client builds it. */
async function startAuthorization(config: oidc.Configuration) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: RP_REDIRECT_URI,
    scope: "openid email profile",
    state,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
  });
  return { url: url.toString(), verifier, state };
}

/** The login page's signed query, from the provider's redirect of an anonymous browser. */
async function loginPageQuery(browser: BrowserAgent, authorizeUrl: string): Promise<string> {
  const response = await browser.navigate(authorizeUrl);
  expect(response.location?.startsWith(`${TEST_WEB_URL}/oauth-login?`)).toBe(true);
  return new URL(response.location ?? "").search.slice(1);
}

describe.each(testDatabaseKinds())("mail and account lifecycle over SMTP ($label)", (kind) => {
  let server: TestServer;
  let inbox: SmtpInbox;
  let admin: BrowserAgent;
  let client: RegisteredClient;
  let config: oidc.Configuration;

  beforeAll(async () => {
    inbox = await SmtpInbox.start();
    server = await startTestServerOn(kind, {
      smtpUrl: inbox.url,
      mailFrom: "Test IAM <no-reply@test.example>",
      mailRetry: { baseDelayMs: 200, maxDelayMs: 400, pollIntervalMs: 100, maxAttempts: 30 },
    });
    admin = await signInAdmin(server);
    client = await registerClient(server, admin, { token_endpoint_auth_method: "client_secret_basic", skip_consent: true });
    config = await discoverClient(server, client);
  });
  afterAll(async () => {
    await server?.close();
    await inbox?.stop();
  });

  /** A person an admin created with a verified address; their id. */
  async function createVerifiedPerson(email: string, password: string, name: string): Promise<string> {
    const created = await admin.fetchJson(`${server.url}/api/auth/admin/create-user`, "POST", { email, password, name, data: { emailVerified: true } });
    expect(created.status).toBe(200);
    return (JSON.parse(created.body) as { user: { id: string } }).user.id;
  }

  it("sign-up → check your mail → verification link → the relying party gets its code and a true email_verified", async () => {
    const browser = new BrowserAgent(TEST_WEB_URL);
    const flow = await startAuthorization(config);
    const oauthQuery = await loginPageQuery(browser, flow.url);
    const signUp = await browser.submitForm(`${server.url}/api/auth/sign-up/email`, {
      name: "Vera Verify",
      email: "vera@test.example",
      password: "vera-password-123",
      oauth_query: oauthQuery,
    });
    // Verification is required by default with SMTP: no session yet, the "check your mail" page.
    expect(signUp.status).toBe(303);
    expect(signUp.location?.startsWith(`${TEST_WEB_URL}/check-email?sent=1&`)).toBe(true);
    expect(browser.hasCookies()).toBe(false);

    // Signing in before verifying is refused with a fresh link, not a session.
    const early = await browser.submitForm(`${server.url}/api/auth/sign-in/email`, {
      email: "vera@test.example",
      password: "vera-password-123",
      oauth_query: oauthQuery,
    });
    expect(early.location?.startsWith(`${TEST_WEB_URL}/check-email?sent=1&`)).toBe(true);
    expect(browser.hasCookies()).toBe(false);

    const mail = await inbox.waitFor("vera@test.example");
    expect(mail.subject).toBe("Confirm your email address for IAM");
    expect(mail.from).toContain("no-reply@test.example");
    expect(mail.html).toContain("Confirm email address");
    const link = mail.linkTo(`${server.url}/api/auth/verify-email?`);

    const callback = new URL(await completeAuthorization(browser, server.url, link));
    expect(callback.origin + callback.pathname).toBe(RP_REDIRECT_URI);
    const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: flow.verifier, expectedState: flow.state });
    expect(tokens.claims()).toMatchObject({ email: "vera@test.example", email_verified: true });
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()?.sub ?? "");
    expect(userinfo.email_verified).toBe(true);
  });

  it("forgot password on /oauth-login → mail → reset → the relying party gets its code; other sessions end", async () => {
    const email = "rosa@test.example";
    await createVerifiedPerson(email, "rosa-old-password", "Rosa Reset");
    const elsewhere = await signIn(server, email, "rosa-old-password");

    const browser = new BrowserAgent(TEST_WEB_URL);
    const flow = await startAuthorization(config);
    const oauthQuery = await loginPageQuery(browser, flow.url);
    const asked = await browser.submitForm(`${server.url}/api/auth/request-password-reset`, { email, oauth_query: oauthQuery });
    expect(asked.status).toBe(303);
    expect(asked.location?.startsWith(`${TEST_WEB_URL}/forgot-password?sent=1&`)).toBe(true);
    // An unknown address gets the very same answer.
    const unknown = await browser.submitForm(`${server.url}/api/auth/request-password-reset`, { email: "nobody@test.example", oauth_query: oauthQuery });
    expect(unknown.location).toBe(asked.location);

    const mail = await inbox.waitFor(email, (candidate) => candidate.subject.includes("Reset"));
    const link = new URL(mail.linkTo(`${TEST_WEB_URL}/reset-password?`));
    const token = link.searchParams.get("token") ?? "";
    const resume = link.searchParams.get("resume") ?? "";
    expect(token).not.toBe("");
    expect(new URLSearchParams(resume).get("state")).toBe(flow.state);

    const weak = await browser.submitForm(`${server.url}/api/auth/reset-password`, { token, resume, newPassword: "short" });
    expect(new URL(weak.location ?? "").searchParams.get("error")).toBe("weak_password");

    const reset = await browser.submitForm(`${server.url}/api/auth/reset-password`, { token, resume, newPassword: "rosa-new-password" });
    expect(reset.status).toBe(303);
    expect(reset.location?.startsWith(`${server.issuer}/oauth2/authorize?`)).toBe(true);
    const callback = new URL(await completeAuthorization(browser, server.url, reset.location ?? ""));
    const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: flow.verifier, expectedState: flow.state });
    expect(tokens.claims()?.email).toBe(email);

    // The session from before the reset is gone; the link cannot be used twice.
    const old = await elsewhere.fetchJson(`${server.url}/api/auth/get-session`, "GET");
    expect(old.body).toBe("null");
    const again = await browser.submitForm(`${server.url}/api/auth/reset-password`, { token, resume, newPassword: "rosa-third-password" });
    expect(new URL(again.location ?? "").searchParams.get("error")).toBe("invalid_token");
  });

  it("an invitation: admin invites as admin → mail → set password → signed in on /account, audited", async () => {
    const email = "ines@test.example";
    const created = await admin.fetchJson(`${server.url}/api/admin/invitations`, "POST", { email, role: "admin" });
    expect(created.status).toBe(201);
    const invitation = JSON.parse(created.body) as { id: string; status: string };
    expect(invitation.status).toBe("pending");
    expect(created.body).not.toContain("token");

    const first = await inbox.waitFor(email);
    const resent = await admin.fetchJson(`${server.url}/api/admin/invitations/${invitation.id}/resend`, "POST");
    expect(resent.status).toBe(200);
    const second = await inbox.waitFor(email, (mail) => mail !== first);
    const staleToken = new URL(first.linkTo(`${TEST_WEB_URL}/accept-invitation?`)).searchParams.get("token") ?? "";
    const token = new URL(second.linkTo(`${TEST_WEB_URL}/accept-invitation?`)).searchParams.get("token") ?? "";

    const browser = new BrowserAgent(TEST_WEB_URL);
    const stale = await browser.submitForm(`${server.url}/api/invitations/accept`, { token: staleToken, name: "Ines Invited", password: "ines-password-123" });
    expect(stale.location).toBe(`${TEST_WEB_URL}/accept-invitation?error=invalid_invitation`);
    const accepted = await browser.submitForm(`${server.url}/api/invitations/accept`, { token, name: "Ines Invited", password: "ines-password-123" });
    expect(accepted.status).toBe(303);
    expect(accepted.location).toBe(`${TEST_WEB_URL}/account`);
    const me = JSON.parse((await browser.fetchJson(`${server.url}/api/auth/get-session`, "GET")).body) as {
      user: { email: string; role: string; emailVerified: boolean };
    };
    expect(me.user).toMatchObject({ email, role: "admin", emailVerified: true });

    const reused = await new BrowserAgent(TEST_WEB_URL).submitForm(`${server.url}/api/invitations/accept`, {
      token,
      name: "Mallory",
      password: "mallory-password",
    });
    expect(reused.location).toBe(`${TEST_WEB_URL}/accept-invitation?error=invalid_invitation`);
    const list = JSON.parse((await admin.fetchJson(`${server.url}/api/admin/invitations?status=accepted`, "GET")).body) as { items: { id: string }[] };
    expect(list.items.map((item) => item.id)).toContain(invitation.id);

    const actions = await server.database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, invitation.id));
    expect(actions.map((row) => row.action).sort()).toEqual(["invitation.accepted", "invitation.created", "invitation.resent"]);
  });

  it("a revoked invitation's link stops working", async () => {
    const created = JSON.parse((await admin.fetchJson(`${server.url}/api/admin/invitations`, "POST", { email: "rex@test.example" })).body) as { id: string };
    const mail = await inbox.waitFor("rex@test.example");
    const revoked = await admin.fetchJson(`${server.url}/api/admin/invitations/${created.id}`, "DELETE" as "POST");
    expect(revoked.status).toBe(200);
    expect(JSON.parse(revoked.body).status).toBe("revoked");
    const token = new URL(mail.linkTo(`${TEST_WEB_URL}/accept-invitation?`)).searchParams.get("token") ?? "";
    const response = await new BrowserAgent(TEST_WEB_URL).submitForm(`${server.url}/api/invitations/accept`, {
      token,
      name: "Rex",
      password: "rex-password-123",
    });
    expect(response.location).toBe(`${TEST_WEB_URL}/accept-invitation?error=invalid_invitation`);
    const audited = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "invitation.revoked"), eq(auditLog.targetId, created.id)));
    expect(audited).toHaveLength(1);
  });

  it("admins send a verification or reset link from a user's page; both audited, the link never in the answer", async () => {
    const created = await admin.fetchJson(`${server.url}/api/auth/admin/create-user`, "POST", {
      email: "ulla@test.example",
      password: "ulla-password-123",
      name: "Ulla",
    });
    const userId = (JSON.parse(created.body) as { user: { id: string } }).user.id;
    const verification = await admin.fetchJson(`${server.url}/api/admin/users/${userId}/send-verification`, "POST");
    expect(verification.status).toBe(200);
    expect(JSON.parse(verification.body)).toEqual({ queued: true });
    await inbox.waitFor("ulla@test.example", (mail) => mail.subject.startsWith("Confirm"));
    const reset = await admin.fetchJson(`${server.url}/api/admin/users/${userId}/send-password-reset`, "POST");
    expect(reset.status).toBe(200);
    await inbox.waitFor("ulla@test.example", (mail) => mail.subject.startsWith("Reset"));
    const actions = await server.database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, userId));
    expect(actions.map((row) => row.action)).toEqual(expect.arrayContaining(["user.verification_sent", "user.password_reset_sent"]));
    const missing = await admin.fetchJson(`${server.url}/api/admin/users/no-such-user/send-password-reset`, "POST");
    expect(missing.status).toBe(404);
  });

  it("change of email: a link to the new address, the address changes only when it is followed", async () => {
    const created = await admin.fetchJson(`${server.url}/api/auth/admin/create-user`, "POST", {
      email: "cleo@test.example",
      password: "cleo-password-123",
      name: "Cleo",
      data: { emailVerified: true },
    });
    expect(created.status).toBe(200);
    const cleo = await signIn(server, "cleo@test.example", "cleo-password-123");
    const asked = await cleo.fetchJson(`${server.url}/api/auth/change-email`, "POST", {
      newEmail: "cleo.new@test.example",
      callbackURL: `${TEST_WEB_URL}/account`,
    });
    expect(asked.status).toBe(200);
    const mail = await inbox.waitFor("cleo.new@test.example");
    expect(mail.subject).toBe("Confirm your new email address for IAM");
    const [before] = await server.database.db.select().from(user).where(eq(user.email, "cleo@test.example"));
    expect(before).toBeDefined();

    const followed = await cleo.navigate(mail.linkTo(`${server.url}/api/auth/verify-email?`));
    expect(followed.location).toBe(`${TEST_WEB_URL}/account`);
    const [after] = await server.database.db
      .select()
      .from(user)
      .where(eq(user.id, before?.id ?? ""));
    expect(after).toMatchObject({ email: "cleo.new@test.example", emailVerified: true });
  });

  it("SMTP down: the request still answers at once, the message is retried with its error visible, then delivered", async () => {
    await inbox.stop();
    try {
      const created = await admin.fetchJson(`${server.url}/api/auth/admin/create-user`, "POST", {
        email: "dora@test.example",
        password: "dora-password-123",
        name: "Dora",
      });
      expect(created.status).toBe(200);
      const browser = new BrowserAgent(TEST_WEB_URL);
      const started = performance.now();
      const asked = await browser.submitForm(`${server.url}/api/auth/request-password-reset`, { email: "dora@test.example" });
      expect(asked.status).toBe(303);
      expect(asked.location).toBe(`${TEST_WEB_URL}/forgot-password?sent=1`);
      expect(performance.now() - started).toBeLessThan(10_000);

      let row: typeof mailMessage.$inferSelect | undefined;
      for (let tries = 0; tries < 100; tries++) {
        [row] = await server.database.db.select().from(mailMessage).where(eq(mailMessage.toAddress, "dora@test.example"));
        if (row && row.attempts >= 2) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(row?.status).toBe("pending");
      expect(row?.attempts).toBeGreaterThanOrEqual(2);
      expect(row?.lastError).toMatch(/ECONNREFUSED|connect/i);
      const listed = JSON.parse((await admin.fetchJson(`${server.url}/api/admin/mail?status=pending`, "GET")).body) as {
        items: { id: string; attempts: number; last_error: string; text?: string }[];
      };
      const seen = listed.items.find((item) => item.id === row?.id);
      expect(seen?.last_error).toMatch(/ECONNREFUSED|connect/i);
      // With SMTP configured, admins see delivery status, never the message's link.
      expect(seen?.text).toBeUndefined();
    } finally {
      await inbox.listen();
    }
    const mail = await inbox.waitFor("dora@test.example");
    expect(mail.subject).toContain("Reset");
    let sent: typeof mailMessage.$inferSelect | undefined;
    for (let tries = 0; tries < 50 && sent?.status !== "sent"; tries++) {
      if (tries) await new Promise((resolve) => setTimeout(resolve, 100));
      [sent] = await server.database.db.select().from(mailMessage).where(eq(mailMessage.toAddress, "dora@test.example"));
    }
    expect(sent?.status).toBe("sent");
    expect(sent?.textBody).toBeNull();
  });

  it("a message the server refuses (451) is retried until it is accepted", async () => {
    inbox.refuse = true;
    const created = await admin.fetchJson(`${server.url}/api/admin/invitations`, "POST", { email: "fay@test.example" });
    expect(created.status).toBe(201);
    let attempts = 0;
    for (let tries = 0; tries < 100 && attempts < 2; tries++) {
      const [row] = await server.database.db.select().from(mailMessage).where(eq(mailMessage.toAddress, "fay@test.example"));
      attempts = row?.attempts ?? 0;
      if (attempts < 2) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(attempts).toBeGreaterThanOrEqual(2);
    inbox.refuse = false;
    await inbox.waitFor("fay@test.example");
  });

  it("sessions are not created for unverified people, but existing users are untouched", async () => {
    const [row] = await server.database.db.select().from(user).where(eq(user.email, "vera@test.example"));
    expect(row?.emailVerified).toBe(true);
    const sessions = await server.database.db
      .select()
      .from(session)
      .where(eq(session.userId, row?.id ?? ""));
    expect(sessions.length).toBeGreaterThan(0);
  });

  it("a session whose address is no longer verified finishes no authorization: the login page, a fresh link, then the code", async () => {
    const email = "uma@test.example";
    const userId = await createVerifiedPerson(email, "uma-password-123", "Uma Unverified");
    const browser = await signIn(server, email, "uma-password-123");
    // The admin marks the address unverified (it bounced, say): the session the person has stays.
    const marked = await admin.fetchJson(`${server.url}/api/auth/admin/update-user`, "POST", { userId, data: { emailVerified: false } });
    expect(marked.status).toBe(200);

    // A silent authorization cannot show a page: login_required, not a code.
    const silentFlow = await startAuthorization(config);
    const silent = new URL((await browser.navigate(`${silentFlow.url}&prompt=none`)).location ?? "", server.url);
    expect(silent.origin + silent.pathname).toBe(RP_REDIRECT_URI);
    expect(silent.searchParams.get("error")).toBe("login_required");
    expect(silent.searchParams.get("code")).toBeNull();

    // Nor does it approve a device's code: the /device page says why.
    const device = await registerClient(server, admin, { grant_types: [DEVICE_CODE_GRANT], redirect_uris: undefined });
    const userCode = await requestUserCode(server, device);
    const approved = await browser.submitForm(`${server.issuer}/device/approve`, { user_code: userCode, decision: "approve" });
    expect(approved.status).toBe(303);
    expect(new URL(approved.location ?? "").searchParams.get("error")).toBe("email_not_verified");

    const flow = await startAuthorization(config);
    const oauthQuery = await loginPageQuery(browser, flow.url);
    const signedIn = await browser.submitForm(`${server.url}/api/auth/sign-in/email`, { email, password: "uma-password-123", oauth_query: oauthQuery });
    expect(signedIn.location?.startsWith(`${TEST_WEB_URL}/check-email?sent=1&`)).toBe(true);

    const link = (await inbox.waitFor(email)).linkTo(`${server.url}/api/auth/verify-email?`);
    const callback = new URL(await completeAuthorization(browser, server.url, link));
    const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: flow.verifier, expectedState: flow.state });
    expect(tokens.claims()).toMatchObject({ email, email_verified: true });
  });

  it("a passkey signs in no unverified address: 403 EMAIL_NOT_VERIFIED in JSON, no session", async () => {
    const email = "pia@test.example";
    const userId = await createVerifiedPerson(email, "pia-password-123", "Pia Passkey");
    const owner = await signIn(server, email, "pia-password-123");
    const authenticator = new SoftAuthenticator({ origin: TEST_WEB_URL });
    const registration = JSON.parse((await owner.fetchJson(`${server.url}/api/auth/passkey/generate-register-options`, "GET")).body);
    expect(
      (await owner.fetchJson(`${server.url}/api/auth/passkey/verify-registration`, "POST", { response: authenticator.create(registration), name: "Laptop" }))
        .status,
    ).toBe(200);
    expect((await admin.fetchJson(`${server.url}/api/auth/admin/update-user`, "POST", { userId, data: { emailVerified: false } })).status).toBe(200);

    const browser = new BrowserAgent(TEST_WEB_URL);
    const options = JSON.parse((await browser.fetchJson(`${server.url}/api/auth/passkey/generate-authenticate-options`, "GET")).body);
    const answer = await browser.fetchJson(`${server.url}/api/auth/passkey/verify-authentication`, "POST", { response: authenticator.get(options) });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toMatchObject({ code: "EMAIL_NOT_VERIFIED" });
    // The passkey challenge's cookie is all the browser holds: no session.
    expect(JSON.parse((await browser.fetchJson(`${server.url}/api/auth/get-session`, "GET")).body)).toBeNull();
  });
});

describe.each(testDatabaseKinds())("mail without SMTP: the development outbox ($label)", (kind) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServerOn(kind);
  });
  afterAll(async () => {
    await server?.close();
  });

  it("keeps messages for admins with their link, and does not require verification", async () => {
    const browser = new BrowserAgent(TEST_WEB_URL);
    const signUp = await browser.fetchJson(`${server.url}/api/auth/sign-up/email`, "POST", {
      email: "otto@test.example",
      password: "otto-password-123",
      name: "Otto",
    });
    expect(signUp.status).toBe(200);
    expect(browser.hasCookies()).toBe(true);
    const admin = await signInAdmin(server);
    const status = JSON.parse((await admin.fetchJson(`${server.url}/api/admin/mail/status`, "GET")).body) as {
      transport: string;
      require_email_verification: boolean;
    };
    expect(status).toMatchObject({ transport: "outbox", require_email_verification: false });
    const page = JSON.parse((await admin.fetchJson(`${server.url}/api/admin/mail`, "GET")).body) as { items: { to: string; status: string; text?: string }[] };
    const message = page.items.find((item) => item.to === "otto@test.example");
    expect(message?.status).toBe("outbox");
    expect(message?.text).toContain(`${server.url}/api/auth/verify-email?token=`);

    const link = message?.text?.match(/https?:\/\/\S+verify-email\S+/)?.[0] ?? "";
    const verified = await new BrowserAgent(TEST_WEB_URL).navigate(link);
    expect(verified.status).toBe(302);
    expect(verified.location).toBe(`${TEST_WEB_URL}/account`);
    const [row] = await server.database.db.select().from(user).where(eq(user.email, "otto@test.example"));
    expect(row?.emailVerified).toBe(true);

    const anonymous = await new BrowserAgent(TEST_WEB_URL).fetchJson(`${server.url}/api/admin/mail`, "GET");
    expect(anonymous.status).toBe(401);
  });

  it("in production says at start which features need mail, and the status route tells the console", async () => {
    const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
    const production = await startTestServerOn(kind, { production: true }, { log: (level, message, fields) => lines.push({ level, message, fields }) });
    try {
      const warning = lines.find((line) => line.message.startsWith("SMTP_URL is not set"));
      expect(warning?.level).toBe("warn");
      expect(warning?.fields?.featuresNeedingMail).toEqual(expect.arrayContaining(["password reset", "invitations"]));
      const admin = await signInAdmin(production);
      const status = JSON.parse((await admin.fetchJson(`${production.url}/api/admin/mail/status`, "GET")).body) as { transport: string; production: boolean };
      expect(status).toMatchObject({ transport: "outbox", production: true });
    } finally {
      await production.close();
    }
  });
});
