import { createPublicKey, verify } from "node:crypto";
import type { JsonWebKey } from "node:crypto";
import { jwks } from "@iam/db/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@iam/db";
import type { Auth } from "../create-auth.ts";
import { openPatchedAuth } from "./patched-auth.ts";

const BASE_URL = "http://localhost:4557";

/**
 * The `better-auth` patch keeps the decrypted, imported signing key between signatures. These
 * tokens must still be signed by the key the database holds now: same key → same kid, a new key
 * row → the new kid at once, every signature valid against the published JWKS.
 */
describe("better-auth signing key kept imported (patch)", () => {
  let auth: Auth;
  let database: Database;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ auth, database, close } = await openPatchedAuth(BASE_URL));
  });
  afterAll(async () => close?.());

  const sign = async (sub: string) => (await auth.api.signJWT({ body: { payload: { sub } } })).token;
  const publishedKeys = async () =>
    ((await (await auth.handler(new Request(`${BASE_URL}/api/auth/jwks`))).json()) as { keys: (JsonWebKey & { kid: string })[] }).keys;

  async function verifiesWithJwks(token: string): Promise<boolean> {
    const [header = "", payload = "", signature = ""] = token.split(".");
    const { kid, alg } = JSON.parse(Buffer.from(header, "base64url").toString()) as { kid: string; alg: string };
    expect(alg).toBe("RS256");
    const jwk = (await publishedKeys()).find((key) => key.kid === kid);
    if (!jwk) return false;
    return verify("RSA-SHA256", Buffer.from(`${header}.${payload}`), createPublicKey({ key: jwk, format: "jwk" }), Buffer.from(signature, "base64url"));
  }
  const kidOf = (token: string) => (JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString()) as { kid: string }).kid;

  it("signs repeatedly with the stored key, every token valid", async () => {
    const tokens = [await sign("a"), await sign("b"), await sign("c")];
    expect(new Set(tokens.map(kidOf)).size).toBe(1);
    for (const token of tokens) expect(await verifiesWithJwks(token)).toBe(true);
    const tampered = `${tokens[0]!.slice(0, -6)}AAAAAA`;
    expect(await verifiesWithJwks(tampered)).toBe(false);
  });

  it("uses a replacement key as soon as the database holds it", async () => {
    const before = await sign("before");
    await database.db.delete(jwks);
    const after = await sign("after");
    expect(kidOf(after)).not.toBe(kidOf(before));
    expect(await verifiesWithJwks(after)).toBe(true);
  });
});
