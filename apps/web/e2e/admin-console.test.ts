import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tokenRequest, TEST_ADMIN } from "@iam/testing";
import {
  answerConsent,
  BUILD_AND_START_TIMEOUT_MS,
  buildAuthorization,
  createUser,
  pathOf,
  redeem,
  saveScreenshot,
  startCallbackServer,
  startE2eStack,
  submitLogin,
} from "./support/index.ts";
import type { CallbackServer, E2eClient, E2eStack } from "./support/index.ts";
import * as oidc from "openid-client";

const ALICE = { email: "alice.console@example.com", password: "alice-console-password", name: "Alice Console" };
const CLIENT_NAME = "Console E2E App";

/**
 * An admin runs the console in Chromium against a real API: creates a client and copies its
 * secret, uses it in a real code flow, rotates the secret, edits redirect URIs, revokes a consent,
 * bans a user and deletes the client; a non-admin is kept out. Screenshots of every screen go to
 * test-artifacts/e2e/console-*.png.
 */
describe("admin console in Chromium", () => {
  let stack: E2eStack;
  let rp: CallbackServer;
  let admin: Page;
  let alice: BrowserContext;
  let client: E2eClient;
  let refreshToken: string;

  const dialog = () => admin.getByRole("dialog");
  async function goTo(name: string) {
    const link = admin.getByRole("navigation", { name: "Console" }).getByRole("link", { name, exact: true });
    const path = await link.getAttribute("href");
    await link.click();
    await admin.waitForURL((url) => url.pathname === path);
  }
  const shot = (page: Page, name: string) => saveScreenshot(page, `console-${name}`);

  async function signInConsole(page: Page, path: string, email: string, password: string) {
    await page.goto(`${stack.web.url}${path}`);
    await page.waitForURL((url) => url.pathname === "/sign-in");
    expect(new URL(page.url()).searchParams.get("callbackURL")).toBe(path);
    await submitLogin(page, email, password);
    await page.waitForURL((url) => url.pathname === path);
  }

  /** Alice signs in to the relying party (consenting when asked) and it redeems the code. */
  async function aliceSignsInToRp(redirectPath = "/callback") {
    const attempt = await buildAuthorization(client, rp, {
      scope: "openid profile email offline_access",
      prompt: "consent",
      redirect_uri: `${rp.origin}${redirectPath}`,
    });
    const page = await alice.newPage();
    const landed = rp.next(redirectPath);
    await page.goto(attempt.url);
    if (pathOf(page) === "/oauth-login") await submitLogin(page, ALICE.email, ALICE.password);
    if (pathOf(page) === "/consent") await answerConsent(page, "Allow");
    const callback = await landed;
    await page.close();
    return { attempt, callback };
  }

  const cspViolations: string[] = [];
  const refreshWith = (secret: string, token: string) =>
    tokenRequest(stack.api, { client_id: client.clientId, client_secret: secret }, { grant_type: "refresh_token", refresh_token: token });

  beforeAll(async () => {
    stack = await startE2eStack({ kind: "pglite", dataDir: "memory://" });
    rp = await startCallbackServer();
    await createUser(stack, ALICE.email, ALICE.password, ALICE.name);
    const context = await stack.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: stack.web.url });
    admin = await context.newPage();
    admin.setDefaultTimeout(15_000);
    admin.on("console", (message) => {
      if (/content security policy/i.test(message.text())) cspViolations.push(message.text());
    });
    alice = await stack.newContext();
  }, BUILD_AND_START_TIMEOUT_MS);
  afterAll(async () => {
    await rp?.close();
    await stack?.close();
  });

  it("keeps a non-admin out, in the console and at the API", async () => {
    const page = await (await stack.newContext()).newPage();
    await signInConsole(page, "/dashboard", ALICE.email, ALICE.password);
    await page.getByTestId("no-access").waitFor();
    expect(await page.getByRole("heading", { name: "No access" }).isVisible()).toBe(true);
    expect(await page.getByRole("navigation", { name: "Console" }).count()).toBe(0);
    const status = await page.evaluate(async (api) => (await fetch(`${api}/api/admin/oauth-clients`, { credentials: "include" })).status, stack.api.url);
    expect(status).toBe(403);
    await shot(page, "no-access");
    await page.context().close();
  });

  it("signs the admin in and shows the dashboard", async () => {
    await signInConsole(admin, "/dashboard", TEST_ADMIN.email, TEST_ADMIN.password);
    await admin.getByTestId("count-users").filter({ hasText: /^\d+$/ }).waitFor();
    expect(Number(await admin.getByTestId("count-users").textContent())).toBe(2);
    expect(await admin.getByTestId("count-clients").textContent()).toBe("0");
    await shot(admin, "dashboard");
  });

  it("runs under a per-request nonce Content-Security-Policy that the console's own scripts satisfy", async () => {
    const nonceOf = (policy: string) => /'nonce-([^']+)'/.exec(policy)?.[1];
    const policy = (await admin.reload())?.headers()["content-security-policy"] ?? "";
    expect(policy).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain(`connect-src 'self' ${new URL(stack.api.url).origin}`);
    const nonces = await admin.locator("script").evaluateAll((scripts) => scripts.map((script) => (script as HTMLScriptElement).nonce));
    expect(nonces.length).toBeGreaterThan(0);
    expect(new Set(nonces)).toEqual(new Set([nonceOf(policy)]));
    // Hydrated and fetching from the API: both would fail under a policy the page does not satisfy.
    await admin.getByTestId("count-users").filter({ hasText: /^\d+$/ }).waitFor();
    const again = (await admin.reload())?.headers()["content-security-policy"] ?? "";
    expect(nonceOf(again)).not.toBe(nonceOf(policy));
    expect(cspViolations).toEqual([]);
  });

  it("creates a client and copies its secret, shown once", async () => {
    await goTo("OAuth clients");
    await admin.getByText("No clients yet").waitFor();
    await shot(admin, "clients-empty");
    await admin.getByRole("link", { name: "New client" }).click();
    await admin.waitForURL((url) => url.pathname === "/oauth-clients/new");

    await admin.getByLabel("Name", { exact: true }).fill(CLIENT_NAME);
    await admin.getByLabel("Redirect URIs", { exact: true }).fill("http://rp.example/callback");
    await admin.getByRole("button", { name: "Create client" }).click();
    // A web client may not use plain http: the form says what to choose instead.
    await admin.getByText(/choose "Native, desktop, CLI or localhost"/).waitFor();
    await shot(admin, "client-form-error");

    await admin.getByLabel(/Native, desktop, CLI or localhost/).check();
    await admin.getByLabel("Redirect URIs", { exact: true }).fill(rp.redirectUri);
    expect(await admin.getByText(/choose "Native, desktop, CLI or localhost"/).count()).toBe(0);
    await admin.getByLabel("Skip consent").uncheck();
    await shot(admin, "client-form");
    await admin.getByRole("button", { name: "Create client" }).click();

    const secret = await admin.getByTestId("client-secret").textContent();
    const clientId = await admin.getByTestId("client-id").textContent();
    expect(secret).toMatch(/^\S{20,}$/);
    await admin.getByRole("button", { name: "Copy secret" }).click();
    await admin.getByRole("button", { name: "Copied" }).waitFor();
    expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await shot(admin, "client-secret-once");

    const config = await oidc.discovery(new URL(stack.api.issuer), clientId!, undefined, oidc.ClientSecretBasic(secret!), {
      execute: [oidc.allowInsecureRequests],
    });
    oidc.enableNonRepudiationChecks(config);
    client = { clientId: clientId!, clientSecret: secret!, config };

    // The URL already left /new for the client's own page; the secret never went into it.
    expect(pathOf(admin)).toBe(`/oauth-clients/${clientId}`);
    expect(admin.url()).not.toContain(secret!);
    // The page tells a newcomer what to paste into the application.
    expect(await admin.getByTestId("connect-issuer").textContent()).toBe(stack.api.issuer);
    expect(await admin.getByTestId("connect-discovery").textContent()).toBe(`${stack.api.issuer}/.well-known/openid-configuration`);
    expect(await admin.getByTestId("connect-client-id").textContent()).toBe(clientId);
    expect(await admin.getByTestId("connect-redirect-uris").textContent()).toContain(rp.redirectUri);
    expect(await admin.getByTestId("connect-snippet").textContent()).toContain(`OIDC_ISSUER=${stack.api.issuer}`);
    // A reload keeps a sensible page: the client, without the secret (shown once only).
    await admin.reload();
    await admin.getByTestId("client-details").waitFor();
    expect(pathOf(admin)).toBe(`/oauth-clients/${clientId}`);
    expect(await admin.getByTestId("client-secret").count()).toBe(0);
    expect(await admin.content()).not.toContain(secret);
    await shot(admin, "client-detail");
  });

  it("uses the client in a real code flow", async () => {
    const { attempt, callback } = await aliceSignsInToRp();
    const tokens = await redeem(client, attempt, callback);
    expect(tokens.claims()).toMatchObject({ email: ALICE.email });
    expect(tokens.refresh_token).toBeTruthy();
    refreshToken = tokens.refresh_token!;
  });

  it("rotates the secret: the old one is refused at the token endpoint, the new one works", async () => {
    await admin.getByRole("button", { name: "Rotate secret" }).click();
    await shot(admin, "client-rotate-confirm");
    await dialog().getByRole("button", { name: "Rotate secret" }).click();
    await admin.getByRole("heading", { name: "New secret" }).waitFor();
    const rotated = (await admin.getByTestId("client-secret").textContent())!;
    expect(rotated).not.toBe(client.clientSecret);
    await shot(admin, "client-rotated");

    const old = await refreshWith(client.clientSecret, refreshToken);
    expect(old).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    const renewed = await refreshWith(rotated, refreshToken);
    expect(renewed.status).toBe(200);
    refreshToken = renewed.body.refresh_token!;
    client = {
      ...client,
      clientSecret: rotated,
      config: await oidc.discovery(new URL(stack.api.issuer), client.clientId, undefined, oidc.ClientSecretBasic(rotated), {
        execute: [oidc.allowInsecureRequests],
      }),
    };
  });

  it("rotates with a 24-hour overlap: both secrets work until the admin ends the window in the secrets panel", async () => {
    await admin.getByRole("button", { name: "Rotate secret" }).click();
    await dialog().getByLabel("The old secret keeps working for").selectOption({ label: "24 hours" });
    await shot(admin, "client-rotate-overlap");
    await dialog().getByRole("button", { name: "Rotate secret" }).click();
    await admin.getByRole("heading", { name: "New secret" }).waitFor();
    const rotated = (await admin.getByTestId("client-secret").textContent())!;
    const panel = admin.getByRole("region", { name: "Client secrets" });
    await panel.getByText("still accepted").waitFor();
    await shot(admin, "client-secrets-overlap");

    const old = await refreshWith(client.clientSecret, refreshToken);
    expect(old.status).toBe(200);
    const renewed = await refreshWith(rotated, old.body.refresh_token!);
    expect(renewed.status).toBe(200);
    refreshToken = renewed.body.refresh_token!;

    await panel.getByRole("button", { name: "End window now" }).click();
    await dialog().getByRole("button", { name: "End window now" }).click();
    await panel.getByText("none accepted").waitFor();
    expect(await refreshWith(client.clientSecret, refreshToken)).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    client = {
      ...client,
      clientSecret: rotated,
      config: await oidc.discovery(new URL(stack.api.issuer), client.clientId, undefined, oidc.ClientSecretBasic(rotated), {
        execute: [oidc.allowInsecureRequests],
      }),
    };
  });

  it("issues an initial access token that registers a client, and revokes it", async () => {
    const clientPage = admin.url();
    await goTo("Client registration");
    await admin.getByLabel("What is it for?").fill("E2E pipeline");
    await admin.getByRole("button", { name: "Issue token" }).click();
    const token = (await admin.getByTestId("initial-access-token").textContent())!;
    expect(token).toMatch(/^iat_/);
    await shot(admin, "initial-access-token");
    const register = () =>
      oidc.dynamicClientRegistration(
        new URL(stack.api.issuer),
        {
          client_name: "Registered in E2E",
          redirect_uris: [`${rp.origin}/callback`],
          application_type: "native",
          token_endpoint_auth_method: "client_secret_post",
        },
        undefined,
        { execute: [oidc.allowInsecureRequests], initialAccessToken: token },
      );
    const registered = await register();
    expect(registered.clientMetadata().client_id).toBeTruthy();

    await admin
      .getByRole("row", { name: /E2E pipeline/ })
      .getByRole("button", { name: "Revoke" })
      .click();
    await dialog().getByRole("button", { name: "Revoke token" }).click();
    await admin
      .getByRole("row", { name: /E2E pipeline/ })
      .getByText("revoked", { exact: true })
      .waitFor();
    await expect(register()).rejects.toThrow();

    await admin.goto(`${stack.web.url}/oauth-clients/${encodeURIComponent(registered.clientMetadata().client_id)}`);
    await admin.getByText("dynamically registered").waitFor();
    await shot(admin, "client-dynamically-registered");
    // The last step expects the console's own client to be the only one.
    const deleted = await admin.evaluate(
      async ([api, id]) => (await fetch(`${api}/api/admin/oauth-clients/${id}`, { method: "DELETE", credentials: "include" })).status,
      [stack.api.url, registered.clientMetadata().client_id],
    );
    expect(deleted).toBe(204);
    await admin.goto(clientPage);
    await admin.getByRole("button", { name: "Rotate secret" }).waitFor();
  });
  it("edits the redirect URIs, and the new one works at authorize", async () => {
    await admin.getByRole("button", { name: "Edit" }).click();
    await admin.getByLabel("Redirect URIs", { exact: true }).fill(`${rp.redirectUri}\n${rp.origin}/second`);
    await shot(admin, "client-edit");
    await admin.getByRole("button", { name: "Save changes" }).click();
    await admin.getByText("Changes saved.").waitFor();
    expect(await admin.getByTestId("client-details").textContent()).toContain(`${rp.origin}/second`);
    const { callback } = await aliceSignsInToRp("/second");
    expect(callback.searchParams.get("code")).toBeTruthy();
  });

  it("revokes Alice's consent, and her refresh token is refused", async () => {
    await goTo("Consents");
    await admin.getByLabel("Client", { exact: true }).selectOption(client.clientId);
    const row = admin.getByRole("row").filter({ hasText: ALICE.email });
    await row.waitFor();
    expect(await row.textContent()).toContain("offline_access");
    await shot(admin, "consents");
    await row.getByRole("button", { name: "Revoke" }).click();
    await shot(admin, "consent-revoke-confirm");
    await dialog().getByRole("button", { name: "Revoke consent" }).click();
    await admin.getByText("No consent matches.").waitFor();
    expect(await refreshWith(client.clientSecret, refreshToken)).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  it("impersonates Alice with a banner and a way back, then bans her and her refresh token is refused", async () => {
    const { attempt, callback } = await aliceSignsInToRp();
    const tokens = await redeem(client, attempt, callback);
    expect(tokens.refresh_token).toBeTruthy();

    await goTo("Users");
    await admin.getByLabel("Search").fill("alice.console@");
    await admin.getByRole("link", { name: new RegExp(ALICE.name) }).click();
    await admin.getByRole("heading", { name: /Alice Console/ }).waitFor();
    await admin.getByRole("heading", { name: "Sessions" }).waitFor();
    await admin.getByRole("row").filter({ hasText: "Revoke" }).first().waitFor();
    await shot(admin, "user-detail");

    await admin.getByRole("button", { name: "Impersonate" }).click();
    await dialog().getByRole("button", { name: "Impersonate" }).click();
    await admin.getByTestId("impersonation-banner").waitFor();
    expect(await admin.getByTestId("impersonation-banner").textContent()).toContain(ALICE.email);
    expect(await admin.getByTestId("no-access").textContent()).toContain("Stop impersonating to return");
    await shot(admin, "impersonating");
    await admin.getByRole("button", { name: "Stop impersonating" }).click();
    await admin.waitForURL((url) => url.pathname === "/users");
    await admin.getByTestId("signed-in-as").filter({ hasText: TEST_ADMIN.email }).waitFor();

    await admin.getByLabel("Search").fill("alice.console@");
    await admin.getByRole("link", { name: new RegExp(ALICE.name) }).click();
    await admin.getByLabel("Reason").fill("e2e test");
    await admin.getByRole("button", { name: "Ban user" }).click();
    await dialog().getByRole("button", { name: "Ban user" }).click();
    await admin.getByText("User banned; sessions and tokens revoked.").waitFor();
    await shot(admin, "user-banned");
    expect(await refreshWith(client.clientSecret, tokens.refresh_token!)).toMatchObject({ status: 400, body: { error: "invalid_grant" } });

    await goTo("Users");
    await admin.getByRole("row").filter({ hasText: "banned" }).waitFor();
    await shot(admin, "users");
  });

  it("creates a user and changes their role", async () => {
    await admin.getByRole("button", { name: "New user" }).click();
    const form = admin.getByTestId("create-user-form");
    await form.getByLabel("Name").fill("Bob Builder");
    await form.getByLabel("Email").fill("not-an-email");
    await form.getByLabel("Password").fill("bob-password-123");
    await form.getByRole("button", { name: "Create user" }).click();
    await form.getByText("Enter an email address").waitFor();
    await form.getByLabel("Email").fill("bob.console@example.com");
    await form.getByRole("button", { name: "Create user" }).click();
    await admin.getByRole("link", { name: /Bob Builder/ }).click();
    // The users page has its own "Role" (the invitation form): wait for the user's page first.
    await admin.getByRole("heading", { level: 1, name: /Bob Builder/ }).waitFor();
    await admin.getByLabel("Role", { exact: true }).selectOption("admin");
    await admin.getByRole("button", { name: "Save role" }).click();
    await dialog().getByRole("button", { name: "Change role" }).click();
    await admin.getByText("Role changed.").waitFor();
    expect(await admin.getByRole("heading", { level: 1 }).textContent()).toContain("admin");
  });

  it("shows the signing keys and rotates them", async () => {
    await goTo("Signing keys");
    await admin.getByText("active: signs new tokens").waitFor();
    await admin.getByRole("button", { name: "Rotate signing key" }).click();
    await dialog().getByRole("button", { name: "Rotate key" }).click();
    await admin.getByText(/New key active/).waitFor();
    expect(await admin.getByText("retired: verifies old tokens").count()).toBe(1);
    await shot(admin, "signing-keys");
  });

  it("deletes the client after the name is typed", async () => {
    await goTo("OAuth clients");
    await admin.getByRole("row").filter({ hasText: client.clientId }).waitFor();
    await shot(admin, "clients");
    await admin.getByRole("link", { name: CLIENT_NAME }).click();
    await admin.getByRole("button", { name: "Delete" }).click();
    const confirm = dialog().getByRole("button", { name: "Delete client" });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog()
      .getByLabel(/to confirm/)
      .fill(CLIENT_NAME);
    await shot(admin, "client-delete-confirm");
    await confirm.click();
    await admin.waitForURL((url) => url.pathname === "/oauth-clients");
    await admin.getByText("No clients yet").waitFor();
    const gone = await admin.evaluate(
      async ([api, id]) => (await fetch(`${api}/api/admin/oauth-clients/${id}`, { credentials: "include" })).status,
      [stack.api.url, client.clientId],
    );
    expect(gone).toBe(404);
    await shot(admin, "clients-after-delete");
  });
});
