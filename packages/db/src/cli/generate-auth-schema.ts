import { execFile } from "node:child_process";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const packageDir = fileURLToPath(new URL("../../", import.meta.url));
export const AUTH_SCHEMA_PATH = fileURLToPath(new URL("../schema/auth.ts", import.meta.url));

/** Better Auth's 1.7 schema CLI (`auth`) uses Object.groupBy and refuses older Node versions. */
export const SCHEMA_CLI_MIN_NODE = [22, 12] as const;

export function schemaCliRuns(version: string = process.versions.node): boolean {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  return major > SCHEMA_CLI_MIN_NODE[0] || (major === SCHEMA_CLI_MIN_NODE[0] && minor >= SCHEMA_CLI_MIN_NODE[1]);
}

/**
 * Runs the Better Auth CLI of the pinned release on the CLI-only auth config and writes the
 * Drizzle schema to `output`, exactly as the committed `schema/auth.ts` must read.
 */
export async function generateAuthSchema(output: string = AUTH_SCHEMA_PATH): Promise<void> {
  if (!schemaCliRuns()) {
    throw new Error(
      `pnpm auth:generate needs Node ${SCHEMA_CLI_MIN_NODE.join(".")} or later (Better Auth's schema CLI); this is Node ${process.versions.node}.`,
    );
  }
  await promisify(execFile)(
    fileURLToPath(new URL("node_modules/.bin/auth", `file://${packageDir}`)),
    // The CLI resolves --output against its working directory, even when absolute.
    ["generate", "--config", "../auth/src/cli-config.ts", "--output", relative(packageDir, output), "--yes"],
    { cwd: packageDir },
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await generateAuthSchema();
    process.stdout.write(`Wrote ${AUTH_SCHEMA_PATH}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
