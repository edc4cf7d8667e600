import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const packageDir = fileURLToPath(new URL("../../", import.meta.url));
export const AUTH_SCHEMA_PATH = fileURLToPath(new URL("../schema/auth.ts", import.meta.url));

/**
 * Runs the Better Auth CLI on the CLI-only auth config and writes the Drizzle schema to
 * `output`. @better-auth/cli 1.4.22 renders the plugin's `defaultValue: []` for
 * `clientCredentialsScopes` as `.default()`, which does not type-check; it is repaired here so
 * the committed file is exactly what this function produces.
 */
export async function generateAuthSchema(output: string = AUTH_SCHEMA_PATH): Promise<void> {
  await promisify(execFile)(
    fileURLToPath(new URL("node_modules/.bin/better-auth", `file://${packageDir}`)),
    // The CLI resolves --output against its working directory, even when absolute.
    ["generate", "--config", "../auth/src/cli-config.ts", "--output", relative(packageDir, output), "--yes"],
    { cwd: packageDir },
  );
  const generated = readFileSync(output, "utf8");
  writeFileSync(output, generated.replace(/\.array\(\)\s*\.default\(\)/g, ".array()\n      .default([])"));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await generateAuthSchema();
  process.stdout.write(`Wrote ${AUTH_SCHEMA_PATH}\n`);
}
