import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { registerClient, signUp, testDatabaseKinds } from "@iam/testing";
import type { RegisteredClient } from "@iam/testing";
import * as f from "./fixture.ts";

function expectTokenError(response: f.HttpResult, status: number, error: string): void {
  expect({ status: response.status, error: response.json.error }, response.body).toEqual({ status, error });
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(response.json.access_token).toBeUndefined();
}

async function sessionUserId(server: f.SecurityFixture["server"], agent: f.SecurityFixture["user"]): Promise<string> {
  const response = await agent.fetchJson(`${server.url}/api/auth/get-session`, "GET");
  return (JSON.parse(response.body) as { user: { id: string } }).user.id;
}

describe.each(testDatabaseKinds())("token endpoint attacks on $label", (kind) => {
  let fx: f.SecurityFixture;
  let other: RegisteredClient;
  let noPkce: RegisteredClient;
  let consenting: RegisteredClient;
  let postClient: RegisteredClient;

  beforeAll(async () => {
    fx = await f.startSecurityFixture(kind);
    other = await registerClient(fx.server, fx.admin, { skip_consent: true });
    noPkce = await registerClient(fx.server, fx.admin, { skip_consent: true, require_pkce: false });
    consenting = await registerClient(fx.server, fx.admin, {});
    postClient = await registerClient(fx.server, fx.admin, {
      grant_types: ["client_credentials"],
      client_credentials_scopes: ["api:read"],
      token_endpoint_auth_method: "client_secret_post",
    });
  });
  afterAll(() => f.closeExpectingNoServerErrors(fx));

  it("refuses a wrong code_verifier with 400 invalid_grant and issues nothing", async () => {
    const issued = await f.obtainCode(fx.server, fx.user, fx.confidential);
    const response = await f.withoutPersisting(fx.server, () => f.redeem(fx.server, fx.confidential, { ...issued, verifier: f.pkce().verifier }));
    expectTokenError(response, 400, "invalid_grant");
  });

  it("refuses a missing code_verifier", async () => {
    const issued = await f.obtainCode(fx.server, fx.user, fx.publicClient);
    const response = await f.withoutPersisting(fx.server, () =>
      f.postForm(f.tokenUrl(fx.server), {
        grant_type: "authorization_code",
        code: issued.code,
        redirect_uri: issued.redirectUri,
        client_id: fx.publicClient.client_id,
      }),
    );
    expectTokenError(response, 400, "invalid_request");
  });

  it("refuses a code_verifier the authorization request never committed to", async () => {
    const authorize = await fx.user.navigate(
      f.authorizeUrl(fx.server, { response_type: "code", client_id: noPkce.client_id, redirect_uri: f.RP_REDIRECT_URI, scope: "openid", state: "s" }),
    );
    const code = new URL(authorize.location ?? "").searchParams.get("code") ?? "";
    expect(code).not.toBe("");
    const response = await f.withoutPersisting(fx.server, () =>
      f.redeem(fx.server, noPkce, { code, verifier: f.pkce().verifier, redirectUri: f.RP_REDIRECT_URI }),
    );
    expectTokenError(response, 400, "invalid_grant");
  });

  it("refuses a redirect_uri different from the one authorized", async () => {
    const issued = await f.obtainCode(fx.server, fx.user, fx.confidential);
    const response = await f.withoutPersisting(fx.server, () => f.redeem(fx.server, fx.confidential, { ...issued, redirectUri: `${f.RP_REDIRECT_URI}/other` }));
    expectTokenError(response, 400, "invalid_grant");
  });

  it("answers a code replay with invalid_grant and revokes the first redemption's tokens", async () => {
    const issued = await f.obtainCode(fx.server, fx.user, fx.confidential);
    const first = await f.redeem(fx.server, fx.confidential, issued);
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("no-store");
    const tokens = first.json as unknown as f.TokenSet;

    expectTokenError(await f.redeem(fx.server, fx.confidential, issued), 400, "invalid_grant");

    expect((await f.introspect(fx.server, fx.confidential, tokens.access_token)).active).toBe(false);
    expectTokenError(await f.refresh(fx.server, fx.confidential, tokens.refresh_token ?? ""), 400, "invalid_grant");
  });

  it("lets exactly one of 20 parallel redemptions of a code succeed", async () => {
    const issued = await f.obtainCode(fx.server, fx.user, fx.confidential);
    const responses = await Promise.all(Array.from({ length: 20 }, () => f.redeem(fx.server, fx.confidential, issued)));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    for (const response of responses.filter((candidate) => candidate.status !== 200)) expectTokenError(response, 400, "invalid_grant");
  });

  it("refuses a code issued to another client", async () => {
    const issued = await f.obtainCode(fx.server, fx.user, other);
    const response = await f.withoutPersisting(fx.server, () => f.redeem(fx.server, fx.confidential, issued));
    expectTokenError(response, 400, "invalid_grant");
  });

  it("refuses a refresh token issued to another client", async () => {
    const tokens = await f.issueTokens(fx.server, fx.user, other);
    const response = await f.withoutPersisting(fx.server, () => f.refresh(fx.server, fx.confidential, tokens.refresh_token ?? ""));
    expectTokenError(response, 400, "invalid_grant");
  });

  it("answers a wrong Basic secret with 401 invalid_client and a Basic challenge", async () => {
    const response = await f.withoutPersisting(fx.server, () =>
      f.postForm(f.tokenUrl(fx.server), { grant_type: "client_credentials" }, f.basic(fx.confidential.client_id, "not-the-secret")),
    );
    expectTokenError(response, 401, "invalid_client");
    expect(response.headers.get("www-authenticate")).toMatch(/^Basic\b/);
  });

  it("answers a wrong client_secret_post secret with 401 invalid_client", async () => {
    const response = await f.withoutPersisting(fx.server, () =>
      f.postForm(f.tokenUrl(fx.server), { grant_type: "client_credentials", client_id: postClient.client_id, client_secret: "not-the-secret" }),
    );
    expectTokenError(response, 401, "invalid_client");
  });

  it("answers a client using another authentication method than registered with 401 invalid_client", async () => {
    const response = await f.withoutPersisting(fx.server, () =>
      f.postForm(f.tokenUrl(fx.server), {
        grant_type: "client_credentials",
        client_id: fx.confidential.client_id,
        client_secret: fx.confidential.client_secret ?? "",
      }),
    );
    expectTokenError(response, 401, "invalid_client");
    expect(response.headers.get("www-authenticate")).toMatch(/^Basic\b/);
  });

  it("lets a public client's refresh token not be used without PKCE-bound client identity", async () => {
    const tokens = await f.issueTokens(fx.server, fx.user, fx.publicClient);
    const response = await f.withoutPersisting(fx.server, () =>
      f.postForm(f.tokenUrl(fx.server), { grant_type: "refresh_token", refresh_token: tokens.refresh_token ?? "", client_id: fx.confidential.client_id }),
    );
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(["invalid_client", "invalid_grant"]).toContain(response.json.error);
  });

  it("answers an unknown client with 401 invalid_client", async () => {
    const response = await f.withoutPersisting(fx.server, () =>
      f.postForm(f.tokenUrl(fx.server), { grant_type: "client_credentials" }, f.basic("no-such-client", "x")),
    );
    expectTokenError(response, 401, "invalid_client");
  });

  // The device-code grant is supported (RFC 8628) for clients enabled for it: e2e/device-flow.test.ts.
  it.each(["password", "implicit", "urn:ietf:params:oauth:grant-type:jwt-bearer"])("refuses grant_type=%s with unsupported_grant_type", async (grantType) => {
    const response = await f.withoutPersisting(fx.server, () =>
      f.postForm(
        f.tokenUrl(fx.server),
        { grant_type: grantType, username: fx.userEmail, password: fx.userPassword },
        f.basic(fx.confidential.client_id, fx.confidential.client_secret),
      ),
    );
    expectTokenError(response, 400, "unsupported_grant_type");
  });

  it("refuses a request without grant_type", async () => {
    const response = await f.withoutPersisting(fx.server, () =>
      f.postForm(f.tokenUrl(fx.server), { code: "x" }, f.basic(fx.confidential.client_id, fx.confidential.client_secret)),
    );
    expect(response.status).toBe(400);
    expect(["invalid_request", "unsupported_grant_type"]).toContain(response.json.error);
  });

  it("refuses to widen scopes on refresh", async () => {
    const tokens = await f.issueTokens(fx.server, fx.user, fx.confidential, "openid offline_access");
    const response = await f.withoutPersisting(fx.server, () =>
      f.refresh(fx.server, fx.confidential, tokens.refresh_token ?? "", { scope: "openid offline_access email" }),
    );
    expectTokenError(response, 400, "invalid_scope");
  });

  it("never grants a client_credentials scope the client was not allowed", async () => {
    const response = await f.withoutPersisting(fx.server, () =>
      f.postForm(
        f.tokenUrl(fx.server),
        { grant_type: "client_credentials", scope: "api:write" },
        f.basic(fx.confidential.client_id, fx.confidential.client_secret),
      ),
    );
    expectTokenError(response, 400, "invalid_scope");
  });

  it("answers concurrent refreshes within the reuse interval alike, without logging the user out", async () => {
    const tokens = await f.issueTokens(fx.server, fx.user, fx.confidential);
    const [first, second] = await Promise.all([
      f.refresh(fx.server, fx.confidential, tokens.refresh_token ?? ""),
      f.refresh(fx.server, fx.confidential, tokens.refresh_token ?? ""),
    ]);
    expect([first?.status, second?.status]).toEqual([200, 200]);
    const next = (first?.json.refresh_token ?? "") as string;
    expect((await f.refresh(fx.server, fx.confidential, next)).status).toBe(200);
  });

  it("revokes the whole family when a rotated refresh token is replayed after the reuse interval", async () => {
    const tokens = await f.issueTokens(fx.server, fx.user, fx.confidential);
    const rotated = await f.refresh(fx.server, fx.confidential, tokens.refresh_token ?? "");
    expect(rotated.status).toBe(200);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 30_000);
      expectTokenError(await f.refresh(fx.server, fx.confidential, tokens.refresh_token ?? ""), 400, "invalid_grant");
      expectTokenError(await f.refresh(fx.server, fx.confidential, rotated.json.refresh_token as string), 400, "invalid_grant");
    } finally {
      vi.useRealTimers();
    }
  });

  it("refuses an expired authorization code", async () => {
    const issued = await f.obtainCode(fx.server, fx.user, fx.confidential);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 11 * 60_000);
      const response = await f.withoutPersisting(fx.server, () => f.redeem(fx.server, fx.confidential, issued));
      expectTokenError(response, 400, "invalid_grant");
    } finally {
      vi.useRealTimers();
    }
  });

  it("refuses refresh once the user is banned", async () => {
    const person = await signUp(fx.server, "banned@test.example", "banned-password-123");
    const tokens = await f.issueTokens(fx.server, person, fx.confidential);
    const ban = await fx.admin.fetchJson(`${fx.server.url}/api/auth/admin/ban-user`, "POST", { userId: await sessionUserId(fx.server, person) });
    expect(ban.status).toBe(200);
    expectTokenError(await f.refresh(fx.server, fx.confidential, tokens.refresh_token ?? ""), 400, "invalid_grant");
  });

  it("refuses refresh once the user is deleted", async () => {
    const person = await signUp(fx.server, "deleted@test.example", "deleted-password-123");
    const tokens = await f.issueTokens(fx.server, person, fx.confidential);
    const removal = await fx.admin.fetchJson(`${fx.server.url}/api/auth/admin/remove-user`, "POST", { userId: await sessionUserId(fx.server, person) });
    expect(removal.status).toBe(200);
    expectTokenError(await f.refresh(fx.server, fx.confidential, tokens.refresh_token ?? ""), 400, "invalid_grant");
  });

  it("refuses refresh once the user revoked consent", async () => {
    const person = await signUp(fx.server, "revoker@test.example", "revoker-password-123");
    const tokens = await f.issueTokens(fx.server, person, consenting);
    const consents = JSON.parse((await person.fetchJson(`${fx.server.url}/api/auth/oauth2/get-consents`, "GET")).body) as { id: string; clientId: string }[];
    const consent = consents.find((candidate) => candidate.clientId === consenting.client_id);
    expect(consent).toBeDefined();
    const deletion = await person.fetchJson(`${fx.server.url}/api/auth/oauth2/delete-consent`, "POST", { id: consent?.id });
    expect(deletion.status).toBe(200);
    expectTokenError(await f.refresh(fx.server, consenting, tokens.refresh_token ?? ""), 400, "invalid_grant");
  });
});
