import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseTarget } from "@iam/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInAdmin, startTestServer, testDatabaseKinds } from "@iam/testing";
import type { TestDatabase } from "@iam/testing";
import { runCli } from "./run-cli.ts";

interface Party {
  type: string;
  id: string | null;
  name: string | null;
  email: string | null;
}
interface AuditEntry {
  action: string;
  action_label: string;
  actor: Party;
  target: Party | null;
}

async function persistentDatabase(label: string, create: () => Promise<TestDatabase>): Promise<TestDatabase & { env: Record<string, string> }> {
  if (label === "pglite") {
    const dir = await mkdtemp(join(tmpdir(), "iam-cli-audit-"));
    return { target: { kind: "pglite", dataDir: dir }, env: { PGLITE_DIR: dir }, dispose: () => rm(dir, { recursive: true, force: true }) };
  }
  const database = await create();
  return { ...database, env: { DATABASE_URL: (database.target as Extract<DatabaseTarget, { kind: "postgres" }>).url } };
}

async function iam(env: Record<string, string>, args: string[], stdin = ""): Promise<{ code: number; out: string; err: string }> {
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
      readFile: async () => {
        throw new Error("ENOENT");
      },
      writeFile: async () => {},
    },
    { NODE_ENV: "test", LOG_LEVEL: "silent", BETTER_AUTH_SECRET: "cli-audit-secret-cli-audit-secret-01", ...env },
  );
  return { code, out, err };
}

describe.each(testDatabaseKinds())("the CLI's actions in the audit log on $label", ({ label, create }) => {
  let database: Awaited<ReturnType<typeof persistentDatabase>>;
  beforeAll(async () => {
    database = await persistentDatabase(label, create);
  });
  afterAll(async () => database?.dispose());

  it("records create, rotate, import, delete, create-admin and reset-password with the operator named", async () => {
    const env = { ...database.env, IAM_OPERATOR: "deploy-bot" };
    expect((await iam(env, ["migrate"])).code).toBe(0);
    const created = JSON.parse((await iam(env, ["clients", "create", "--name", "Payroll", "--grant", "client_credentials", "--json"])).out) as {
      client_id: string;
    };
    expect((await iam(env, ["clients", "rotate", created.client_id])).code).toBe(0);
    const file = JSON.stringify({
      version: 1,
      clients: [{ client_name: "Imported", redirect_uris: ["http://localhost:7000/cb"], application_type: "native" }],
    });
    const imported = JSON.parse((await iam(env, ["clients", "import", "-", "--json"], file)).out) as { created: string[] };
    expect((await iam(env, ["clients", "delete", imported.created[0] ?? ""])).code).toBe(0);
    expect((await iam(env, ["users", "create-admin", "--email", "ops@test.example"])).code).toBe(0);
    // Without IAM_OPERATOR the system account and host are named.
    expect((await iam(database.env, ["users", "reset-password", "--email", "ops@test.example"])).code).toBe(0);

    const server = await startTestServer(database.target);
    try {
      const admin = await signInAdmin(server);
      const read = async (filter: Record<string, string>) =>
        (JSON.parse((await admin.fetchJson(`${server.url}/api/admin/audit-log?${new URLSearchParams(filter)}`, "GET")).body) as { entries: AuditEntry[] })
          .entries;
      const byBot = await read({ actor: "deploy-bot" });
      expect(byBot.map((entry) => entry.action).sort()).toEqual([
        "oauth_client.created",
        "oauth_client.deleted",
        "oauth_client.imported",
        "oauth_client.secret_rotated",
        "user.created",
      ]);
      for (const entry of byBot) expect(entry.actor).toEqual({ type: "cli", id: null, name: "deploy-bot", email: null });
      const rotated = byBot.find((entry) => entry.action === "oauth_client.secret_rotated");
      expect(rotated?.target).toMatchObject({ type: "oauth_client", id: created.client_id, name: "Payroll" });
      expect(rotated?.action_label).toBe("Rotated a client secret");
      // A deleted client is still named from what the entry recorded.
      expect(byBot.find((entry) => entry.action === "oauth_client.deleted")?.target).toMatchObject({ name: "Imported" });

      const [reset] = await read({ action: "user.password_reset" });
      expect(reset?.actor.type).toBe("cli");
      expect(reset?.actor.name).toMatch(/.+@.+/);
      expect(reset?.target).toMatchObject({ type: "user", email: "ops@test.example" });
      expect(JSON.stringify(await read({}))).not.toMatch(/client_secret"/);
    } finally {
      await server.close();
    }
  });
});

/** Two processes on one PGlite directory risk the data: the second is refused (PGlite only, by nature). */
describe("an embedded database held by another process", () => {
  let database: Awaited<ReturnType<typeof persistentDatabase>>;
  beforeAll(async () => {
    database = await persistentDatabase("pglite", () => Promise.reject(new Error("unused")));
  });
  afterAll(async () => database?.dispose());

  it("refuses, with a clear message, a PGlite directory the running server holds; works once it stops", async () => {
    const server = await startTestServer(database.target);
    let refused: Awaited<ReturnType<typeof iam>>;
    try {
      refused = await iam(database.env, ["clients", "list", "--json"]);
      // A second server in this process is refused the same way.
      await expect(startTestServer(database.target)).rejects.toThrow(/open in another process/);
    } finally {
      await server.close();
    }
    expect(refused.code).toBe(75);
    expect(JSON.parse(refused.err)).toMatchObject({ error: "database_locked", message: expect.stringContaining("PGlite allows one process at a time") });
    expect((await iam(database.env, ["clients", "list", "--json"])).code).toBe(0);
  });
});
