import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { AUTH_SCHEMA_PATH, generateAuthSchema, SCHEMA_CLI_MIN_NODE, schemaCliRuns } from "../cli/generate-auth-schema.ts";

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("../../", import.meta.url));
const repositoryRoot = join(packageDir, "../..");
const scratch = mkdtempSync(join(tmpdir(), "iam-schema-drift-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("committed schema and migrations", () => {
  // Better Auth's 1.7 schema CLI refuses Node < 22.12; .ci/run runs this file again on Node 24 so
  // CI checks it whatever Node the rest of the suite runs on.
  it.runIf(schemaCliRuns())(`match what the Better Auth CLI generates from the auth configuration (Node ${SCHEMA_CLI_MIN_NODE.join(".")}+)`, async () => {
    const output = join(scratch, "auth.ts");
    await generateAuthSchema(output);
    const committed = readFileSync(AUTH_SCHEMA_PATH, "utf8");
    expect(readFileSync(output, "utf8"), "run `pnpm auth:generate` and commit the result").toBe(committed);
  });

  it("need no new migration for the committed schema", async () => {
    const migrations = join(scratch, "drizzle");
    cpSync(join(packageDir, "drizzle"), migrations, { recursive: true });
    const before = readdirSync(migrations).sort();
    await run(
      join(repositoryRoot, "node_modules/.bin/drizzle-kit"),
      ["generate", "--dialect", "postgresql", "--schema", "packages/db/src/schema/index.ts", "--out", migrations],
      { cwd: repositoryRoot },
    );
    expect(readdirSync(migrations).sort(), "run `pnpm db:generate` and commit the migration").toEqual(before);
  });
});
