import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { jwks } from "@iam/db/schema";
import { serverEnvSchema } from "@iam/env";
import { asc } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { signUp, startTestServer, registerClient, signInAdmin } from "@iam/testing";
import type { TestServer } from "@iam/testing";
import * as f from "./fixture.ts";

function kidOf(idToken: string | undefined): string | undefined {
  const [header = ""] = (idToken ?? "").split(".");
  return (JSON.parse(Buffer.from(header, "base64url").toString()) as { kid?: string }).kid;
}

describe("rotating BETTER_AUTH_SECRET with versioned secrets", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "iam-rotation-"));
  const target = { kind: "pglite" as const, dataDir };
  const oldSecret = randomBytes(32).toString("base64url");
  const newSecret = randomBytes(32).toString("base64url");
  let server: TestServer | undefined;

  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("keeps signing with the keys encrypted under the old secret after rotating to a new one", async () => {
    server = await startTestServer(target, { secret: oldSecret });
    const admin = await signInAdmin(server);
    const client = await registerClient(server, admin, { skip_consent: true });
    const person = await signUp(server, "rotation@test.example", "rotation-password-123");
    const before = await f.issueTokens(server, person, client, "openid");
    const port = server.config.port;
    await server.close();

    // Version 2 is current; the old secret stays as the legacy one so existing keys still decrypt.
    server = await startTestServer(target, { port, secret: oldSecret, secrets: [{ version: 2, value: newSecret }] });
    const again = await signIn(server);
    const after = await f.issueTokens(server, again, client, "openid");
    expect(kidOf(after.id_token)).toBe(kidOf(before.id_token));
    const userinfo = await f.http(`${server.issuer}/oauth2/userinfo`, { headers: { authorization: `Bearer ${after.access_token}` } });
    expect(userinfo.status).toBe(200);

    // A key minted now is encrypted under version 2, and signs; the old key still verifies.
    const rotation = await f.http(`${server.url}/api/admin/signing-keys/rotate`, {
      method: "POST",
      headers: { cookie: (await signInAdmin(server)).cookieHeader(), origin: f.TEST_WEB_URL, "content-type": "application/json" },
      body: "{}",
    });
    expect(rotation.status).toBe(200);
    const keys = await server.database.db.select().from(jwks).orderBy(asc(jwks.createdAt));
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(keys[0]?.privateKey.includes("$ba$2$")).toBe(false);
    expect(keys.at(-1)?.privateKey.includes("$ba$2$")).toBe(true);
    const rotated = await f.issueTokens(server, again, client, "openid");
    expect(kidOf(rotated.id_token)).toBe(keys.at(-1)?.id);
  });

  it("parses BETTER_AUTH_SECRETS newest first and accepts it in place of BETTER_AUTH_SECRET in production", () => {
    const env = serverEnvSchema.parse({ NODE_ENV: "production", BETTER_AUTH_SECRETS: `2:${newSecret}, 1:${oldSecret}` });
    expect(env.BETTER_AUTH_SECRETS).toEqual([
      { version: 2, value: newSecret },
      { version: 1, value: oldSecret },
    ]);
    expect(serverEnvSchema.safeParse({ NODE_ENV: "production", BETTER_AUTH_SECRETS: "2:short" }).success).toBe(false);
    expect(serverEnvSchema.safeParse({ BETTER_AUTH_SECRETS: "no-version" }).success).toBe(false);
  });
});

async function signIn(server: TestServer) {
  const { signIn: signInUser } = await import("@iam/testing");
  return signInUser(server, "rotation@test.example", "rotation-password-123");
}
