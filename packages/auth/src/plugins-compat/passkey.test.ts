import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { passkey } from "@better-auth/passkey";
import { createDatabase, migrateDatabase } from "@iam/db";
import type { Database } from "@iam/db";
import * as schema from "@iam/db/schema";
import { readTestEnv } from "@iam/env";
import { betterAuth } from "better-auth";
import { toNodeHandler } from "better-auth/node";
import { chromium } from "playwright-core";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlAdapter } from "../database-adapter/index.ts";

/**
 * @better-auth/passkey 1.7.6 declares better-call 1.4.0 (and @better-auth/utils 0.4.2) as peers while
 * better-auth 1.7.29 runs on better-call 1.4.6 (utils 0.5.1). This proves the combination on its
 * own: the plugin, bare, on this project's patched Better Auth and SQL adapter (PGlite, the
 * project's migrated `passkey` table), registers a passkey made by Chromium's virtual
 * authenticator and signs in with it. The product's configuration is tested in passkeys/.
 */
const PAGE = `<!doctype html><title>passkey</title><script>
async function api(path, body) {
  const response = await fetch("/api/auth" + path, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json().catch(() => null) };
}
async function registerPasskey() {
  const options = await api("/passkey/generate-register-options");
  const credential = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options.body) });
  return api("/passkey/verify-registration", { response: credential.toJSON(), name: "virtual" });
}
async function signInWithPasskey() {
  const options = await api("/passkey/generate-authenticate-options");
  const credential = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options.body) });
  return api("/passkey/verify-authentication", { response: credential.toJSON() });
}
</script>`;

describe("@better-auth/passkey on better-auth 1.7.29", () => {
  let database: Database;
  let browser: Browser;
  let origin: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    database = createDatabase({ kind: "pglite", dataDir: "memory://" });
    await migrateDatabase(database);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    // WebAuthn needs a secure context: localhost is one, 127.0.0.1 is not treated as the RP ID.
    origin = `http://localhost:${(server.address() as AddressInfo).port}`;
    const auth = betterAuth({
      baseURL: origin,
      secret: randomBytes(32).toString("base64url"),
      database: sqlAdapter(database.sql, schema),
      emailAndPassword: { enabled: true },
      plugins: [passkey({ rpID: "localhost", rpName: "IAM", origin })],
      telemetry: { enabled: false },
    });
    const handleAuth = toNodeHandler(auth);
    server.on("request", (request, response) => {
      if (request.url?.startsWith("/api/auth/")) return void handleAuth(request, response);
      response.writeHead(200, { "content-type": "text/html" }).end(PAGE);
    });
    browser = await chromium.launch({
      executablePath: readTestEnv().CHROMIUM_PATH,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    close = async () => {
      await new Promise((resolve) => server.close(resolve));
      await database.close();
    };
  });
  afterAll(async () => {
    await browser?.close();
    await close?.();
  });

  it("registers a passkey from Chromium's virtual authenticator and signs in with it", async () => {
    const page = await (await browser.newContext()).newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("WebAuthn.enable");
    await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
    });
    await page.goto(`${origin}/`);

    const signUp = await page.evaluate(() =>
      fetch("/api/auth/sign-up/email", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "pat@test.example", password: "pat-password-123", name: "Pat" }),
      }).then((r) => r.status),
    );
    expect(signUp).toBe(200);

    const registered = await page.evaluate("registerPasskey()");
    expect(registered).toMatchObject({ status: 200, body: { name: "virtual", credentialID: expect.any(String) } });
    const stored = await database.sql.query(`select p.user_id from passkey p join "user" u on u.id = p.user_id where u.email = $1`, ["pat@test.example"]);
    expect(stored.rows).toHaveLength(1);

    // A fresh context: no session cookie, only the authenticator's credential.
    await page.context().clearCookies();
    expect(await page.evaluate(() => fetch("/api/auth/get-session").then((r) => r.json()))).toBeNull();
    const signedIn = await page.evaluate("signInWithPasskey()");
    expect(signedIn).toMatchObject({ status: 200 });
    const session = (await page.evaluate(() => fetch("/api/auth/get-session").then((r) => r.json()))) as { user?: { email?: string } } | null;
    expect(session?.user?.email).toBe("pat@test.example");
  });
});
