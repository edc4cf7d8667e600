import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseTarget } from "@iam/db";
import { createDatabase } from "@iam/db";
import { user } from "@iam/db/schema";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createLogger } from "../http/logger.ts";
import { callApi, signIn, signInAdmin, signUp, testDatabaseKinds, startTestServer } from "@iam/testing";
import type { TestDatabaseKind } from "@iam/testing";

/** A database that outlives one server, so a second boot sees what the first left. */
async function persistentDatabase(kind: TestDatabaseKind): Promise<{ target: DatabaseTarget; dispose(): Promise<void> }> {
  if (kind.label === "postgres") return kind.create();
  const dataDir = mkdtempSync(join(tmpdir(), "iam-ensure-admin-"));
  return { target: { kind: "pglite", dataDir }, dispose: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

async function roleOf(target: DatabaseTarget, email: string): Promise<string | null | undefined> {
  const database = createDatabase(target);
  try {
    const [row] = await database.db.select({ role: user.role }).from(user).where(eq(user.email, email));
    return row?.role;
  } finally {
    await database.close();
  }
}

describe.each(testDatabaseKinds())("admin bootstrap at boot on $label", (kind) => {
  it("never promotes an account someone registered with ADMIN_EMAIL; it warns instead", async () => {
    const database = await persistentDatabase(kind);
    const secret = "a-fixed-secret-for-ensure-admin-tests-0123456789";
    const stranger = { email: "stranger@test.example", password: "stranger-password-123" };
    try {
      const first = await startTestServer(database.target, { secret });
      try {
        await signUp(first, stranger.email, stranger.password, "Stranger");
      } finally {
        await first.close();
      }

      // ADMIN_EMAIL now names the stranger's address (changed, or the bootstrap admin was deleted).
      const lines: string[] = [];
      const second = await startTestServer(
        database.target,
        { secret, admin: { email: stranger.email.toUpperCase(), password: "whatever-password-123" } },
        createLogger("info", (line) => lines.push(line)),
      );
      try {
        const agent = await signIn(second, stranger.email, stranger.password);
        expect((await callApi(second, agent, "GET", "/api/admin/dashboard")).status).toBe(403);
        // The administrators there were before are still administrators.
        expect((await callApi(second, await signInAdmin(second), "GET", "/api/admin/dashboard")).status).toBe(200);
      } finally {
        await second.close();
      }
      expect(await roleOf(database.target, stranger.email)).toBe("user");
      const warnings = lines.map((line) => JSON.parse(line) as { level: string; message: string; email?: string }).filter((entry) => entry.level === "warn");
      expect(warnings).toEqual([expect.objectContaining({ email: stranger.email, message: expect.stringMatching(/not promoted/) })]);
    } finally {
      await database.dispose();
    }
  });
});
