import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseTarget } from "@iam/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseKinds, startTestServer, TEST_WEB_URL } from "@iam/testing";
import type { TestDatabase } from "@iam/testing";
import { runCli } from "./run-cli.ts";

interface Run {
  code: number;
  out: string;
  err: string;
  json<T = Record<string, unknown>>(): T;
}

/** A database the CLI and, in turn, a real server open: PGlite in a directory, or PostgreSQL. */
async function persistentDatabase(label: string, create: () => Promise<TestDatabase>): Promise<TestDatabase & { env: Record<string, string> }> {
  if (label === "pglite") {
    const dir = await mkdtemp(join(tmpdir(), "iam-cli-"));
    return { target: { kind: "pglite", dataDir: dir }, env: { PGLITE_DIR: dir }, dispose: () => rm(dir, { recursive: true, force: true }) };
  }
  const database = await create();
  return { ...database, env: { DATABASE_URL: (database.target as Extract<DatabaseTarget, { kind: "postgres" }>).url } };
}

function cli(env: Record<string, string>) {
  const files = new Map<string, string>();
  const run = async (args: string[], stdin = ""): Promise<Run> => {
    let out = "";
    let err = "";
    const code = await runCli(
      args,
      {
        out: (text) => {
          out += text;
        },
        err: (text) => {
          err += text;
        },
        readStdin: async () => stdin,
        readFile: async (path) => {
          const contents = files.get(path);
          if (contents === undefined) throw new Error("ENOENT");
          return contents;
        },
        writeFile: async (path, contents) => void files.set(path, contents),
      },
      { NODE_ENV: "test", LOG_LEVEL: "silent", BETTER_AUTH_SECRET: "cli-test-secret-cli-test-secret-0123", ...env },
    );
    return { code, out, err, json: <T>() => JSON.parse(out) as T };
  };
  return { run, files };
}

/** Asks a real server for a client_credentials token: the proof that what the CLI wrote works. */
async function clientCredentials(target: DatabaseTarget, attempts: { id: string; secret: string }[]): Promise<number[]> {
  const server = await startTestServer(target);
  try {
    const statuses: number[] = [];
    for (const { id, secret } of attempts) {
      const response = await fetch(`${server.url}/api/auth/oauth2/token`, {
        method: "POST",
        headers: { authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
        body: "grant_type=client_credentials&scope=api%3Aread",
      });
      statuses.push(response.status);
    }
    return statuses;
  } finally {
    await server.close();
  }
}

const machineClient = ["clients", "create", "--name", "Billing job", "--grant", "client_credentials", "--client-credentials-scope", "api:read", "--json"];

describe.each(testDatabaseKinds())("pnpm iam on $label", ({ label, create }) => {
  let database: Awaited<ReturnType<typeof persistentDatabase>>;
  let iam: ReturnType<typeof cli>;
  beforeAll(async () => {
    database = await persistentDatabase(label, create);
    iam = cli(database.env);
  });
  afterAll(async () => database?.dispose());

  it("refuses to work on a database without a schema, then migrates it", async () => {
    const before = await iam.run(["clients", "list", "--json"]);
    expect(before.code).toBe(70);
    expect(JSON.parse(before.err)).toMatchObject({ error: "schema_missing" });
    const migrate = await iam.run(["migrate", "--json"]);
    expect(migrate.code).toBe(0);
    expect(migrate.json()).toEqual({ migrated: true });
    expect((await iam.run(["clients", "list", "--json"])).json()).toEqual([]);
  });

  it("creates, rotates and deletes a client, and the server honours each change", async () => {
    const created = await iam.run(machineClient);
    expect(created.code).toBe(0);
    const { client_id: id, client_secret: first } = created.json<{ client_id: string; client_secret: string }>();
    expect(first).toMatch(/^[A-Za-z]{32}$/);

    const listed = (await iam.run(["clients", "list", "--json"])).json<{ client_id: string; client_credentials_scopes: string[] }[]>();
    expect(listed).toEqual([expect.objectContaining({ client_id: id, client_credentials_scopes: ["api:read"] })]);
    expect(JSON.stringify(listed)).not.toContain(first);

    const rotated = await iam.run(["clients", "rotate", id, "--json"]);
    expect(rotated.code).toBe(0);
    const second = rotated.json<{ client_secret: string }>().client_secret;
    expect(second).not.toBe(first);

    const doomed = (await iam.run(machineClient)).json<{ client_id: string; client_secret: string }>();
    expect((await iam.run(["clients", "delete", doomed.client_id, "--json"])).json()).toEqual({ client_id: doomed.client_id, deleted: true });
    const again = await iam.run(["clients", "delete", doomed.client_id, "--json"]);
    expect(again.code).toBe(3);
    expect(JSON.parse(again.err)).toMatchObject({ error: "not_found" });

    // One server boot checks all three: the old secret refused, the new one accepted, the deleted client gone.
    expect(
      await clientCredentials(database.target, [
        { id, secret: first },
        { id, secret: second },
        { id: doomed.client_id, secret: doomed.client_secret },
      ]),
    ).toEqual([401, 200, 401]);
  });

  it("rotates with an overlap window: both secrets work until the window is ended early", async () => {
    const { client_id: id, client_secret: first } = (await iam.run(machineClient)).json<{ client_id: string; client_secret: string }>();
    const rotated = await iam.run(["clients", "rotate", id, "--overlap", "24h", "--json"]);
    expect(rotated.code).toBe(0);
    const answer = rotated.json<{ client_secret: string; previous_secret_expires_at: number }>();
    expect(answer.previous_secret_expires_at).toBeGreaterThan(Math.floor(Date.now() / 1000) + 86_000);
    expect(
      await clientCredentials(database.target, [
        { id, secret: first },
        { id, secret: answer.client_secret },
      ]),
    ).toEqual([200, 200]);

    const ended = await iam.run(["clients", "end-overlap", id, "--json"]);
    expect(ended.json()).toEqual({ client_id: id, previous_secret_active: false, ended: true });
    expect(
      await clientCredentials(database.target, [
        { id, secret: first },
        { id, secret: answer.client_secret },
      ]),
    ).toEqual([401, 200]);

    const bad = await iam.run(["clients", "rotate", id, "--overlap", "forever", "--json"]);
    expect(bad.code).toBe(65);
    expect((await iam.run(["clients", "end-overlap", "no-such-client", "--json"])).code).toBe(3);
    // Later steps count the clients: leave none behind.
    expect((await iam.run(["clients", "delete", id, "--json"])).code).toBe(0);
  });

  it("creates an admin who can sign in, and resets a password, ending the old sessions", async () => {
    const admin = await iam.run(["users", "create-admin", "--email", "Ops@Example.com", "--json"]);
    expect(admin.code).toBe(0);
    const { password, email } = admin.json<{ password: string; email: string }>();
    expect(email).toBe("ops@example.com");
    expect((await iam.run(["users", "create-admin", "--email", "ops@example.com"])).code).toBe(4);

    const weak = await iam.run(["users", "reset-password", "--email", email, "--password-stdin"], "short\n");
    expect(weak.code).toBe(65);
    const reset = await iam.run(["users", "reset-password", "--email", email, "--password-stdin", "--json"], "a-new-long-password\n");
    expect(reset.code).toBe(0);
    expect(reset.json()).not.toHaveProperty("password");
    expect((await iam.run(["users", "reset-password", "--email", "nobody@example.com"])).code).toBe(3);

    const server = await startTestServer(database.target);
    try {
      const signIn = (secret: string) =>
        fetch(`${server.url}/api/auth/sign-in/email`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: TEST_WEB_URL },
          body: JSON.stringify({ email, password: secret }),
        });
      expect((await signIn(password)).status).toBe(401);
      const ok = await signIn("a-new-long-password");
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { user: { role: string } }).user.role).toBe("admin");
    } finally {
      await server.close();
    }
  });

  it("exports clients and imports them elsewhere with their ids and secrets, all or nothing", async () => {
    const { client_id: id, client_secret: secret } = (await iam.run(machineClient)).json<{ client_id: string; client_secret: string }>();
    await iam.run(["clients", "create", "--name", "SPA", "--type", "native", "--auth-method", "none", "--redirect-uri", "http://localhost:5173/cb"]);
    expect((await iam.run(["clients", "export", "--file", "clients.json", "--with-secret-hashes"])).code).toBe(0);
    const exported = iam.files.get("clients.json") ?? "";
    expect(JSON.parse(exported).clients).toHaveLength(3);
    expect(exported).not.toContain(secret);

    const other = await persistentDatabase("pglite", create);
    try {
      const target = cli(other.env);
      await target.run(["migrate"]);
      const broken = JSON.stringify({
        version: 1,
        clients: [...JSON.parse(exported).clients, { client_name: "bad", redirect_uris: ["http://evil.example/cb"] }],
      });
      const refused = await target.run(["clients", "import", "-", "--json"], broken);
      expect(refused.code).toBe(65);
      expect((await target.run(["clients", "list", "--json"])).json()).toEqual([]);

      const imported = await target.run(["clients", "import", "-", "--json"], exported);
      expect(imported.code).toBe(0);
      expect(imported.json<{ created: string[] }>().created).toContain(id);
      expect((await target.run(["clients", "import", "-", "--json"], exported)).json()).toMatchObject({ created: [], updated: expect.arrayContaining([id]) });
      expect(await clientCredentials(other.target, [{ id, secret }])).toEqual([200]);

      // A public client made confidential by the file gets a secret, shown once.
      const spa = (JSON.parse(exported).clients as { client_id: string; token_endpoint_auth_method: string }[]).find(
        (client) => client.token_endpoint_auth_method === "none",
      );
      const confidential = JSON.stringify({ version: 1, clients: [{ ...spa, token_endpoint_auth_method: "client_secret_basic" }] });
      const promoted = (await target.run(["clients", "import", "-", "--json"], confidential)).json<{ updated: string[]; secrets: Record<string, string> }>();
      expect(promoted.updated).toEqual([spa?.client_id]);
      expect(promoted.secrets[spa?.client_id ?? ""]).toMatch(/^[A-Za-z]{32}$/);

      // Token settings travel with the client: set by a file, exported again, bounded like the API's.
      const jwtSpa = {
        ...spa,
        token_endpoint_auth_method: "client_secret_basic",
        access_token_format: "jwt",
        access_token_lifetime: 300,
        refresh_token_policy: "always",
        require_second_factor: true,
      };
      const tooShort = JSON.stringify({ version: 1, clients: [{ ...jwtSpa, access_token_lifetime: 5 }] });
      expect((await target.run(["clients", "import", "-", "--json"], tooShort)).code).toBe(65);
      expect((await target.run(["clients", "import", "-", "--json"], JSON.stringify({ version: 1, clients: [jwtSpa] }))).code).toBe(0);
      const again = JSON.parse((await target.run(["clients", "export"])).out) as { clients: Record<string, unknown>[] };
      expect(again.clients.find((client) => client.client_id === spa?.client_id)).toMatchObject({
        access_token_format: "jwt",
        access_token_lifetime: 300,
        refresh_token_policy: "always",
        require_second_factor: true,
      });
      // A client whose token settings were never changed exports without them.
      expect(again.clients.find((client) => client.client_id === id)).not.toHaveProperty("access_token_format");
    } finally {
      await other.dispose();
    }
    // Three databases' worth of CLI runs (source, target, and the token-settings round trip).
  }, 120_000);
});

describe("pnpm iam usage", () => {
  const iam = cli({ PGLITE_DIR: "memory://" });

  it("answers usage errors with exit code 2 and the command's usage", async () => {
    expect((await iam.run(["nonsense"])).code).toBe(2);
    const missing = await iam.run(["clients", "rotate"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("Usage: pnpm iam clients rotate <client_id>");
    expect((await iam.run(["clients", "list", "--bogus"])).code).toBe(2);
    expect((await iam.run(["--help"])).out).toContain("clients import");
  });

  it("reports an invalid environment with exit code 78", async () => {
    const result = await cli({ DATABASE_URL: "mysql://nope", NODE_ENV: "production", BETTER_AUTH_SECRET: randomBytes(4).toString("hex") }).run([
      "clients",
      "list",
    ]);
    expect(result.code).toBe(78);
    expect(result.err).toContain("DATABASE_URL");
  });
});
