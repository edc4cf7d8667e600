import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { builtinModules } from "node:module";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { bundleServer, missingBundleError, SERVER_DIR, SERVER_OUTDIR } from "./bundle.ts";
import type { BundleResult } from "./bundle.ts";

/** The production bundle, built in memory: what it inlines, what it leaves to Node, and where that resolves. */
describe("API server bundle", () => {
  let bundle: BundleResult;
  let externals: string[];

  beforeAll(async () => {
    bundle = await bundleServer({ write: false });
    const output = Object.values(bundle.metafile.outputs).find((candidate) => candidate.entryPoint);
    externals = [...new Set(output?.imports.filter((entry) => entry.external).map((entry) => entry.path))];
  });

  it("inlines the workspace packages and nothing from node_modules", () => {
    const inputs = Object.keys(bundle.metafile.inputs);
    expect(inputs.some((input) => input.startsWith("../../packages/db/src/"))).toBe(true);
    expect(inputs.filter((input) => input.includes("node_modules"))).toEqual([]);
    expect(externals.filter((specifier) => specifier.startsWith("@iam/") || /\.[cm]?tsx?$/.test(specifier))).toEqual([]);
  });

  it("leaves only packages that Node resolves from apps/server", () => {
    const builtins = new Set(builtinModules);
    const packages = externals.filter((specifier) => !specifier.startsWith("node:") && !builtins.has(specifier));
    expect(packages).toContain("@electric-sql/pglite");
    // Resolved as Node will at run time (ESM conditions), from apps/server: dist/ has no
    // node_modules of its own, so the lookup is the same as from dist/main.mjs.
    const script = "for (const specifier of JSON.parse(process.argv[1])) import.meta.resolve(specifier)";
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", script, JSON.stringify(packages)], { cwd: SERVER_DIR, encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("points every import.meta.url at its source file in the tree", () => {
    const rewritten = [...bundle.text.matchAll(/new URL\("([^"]+)", import\.meta\.url\)/g)].map((match) => match[1] ?? "");
    expect(rewritten.length).toBe(bundle.text.match(/import\.meta\.url/g)?.length);
    expect(rewritten).toContain("../../../packages/db/src/migrate.ts");
    for (const path of rewritten) expect(existsSync(resolve(SERVER_OUTDIR, path)), path).toBe(true);
    // What migrate.ts derives from it: the committed migrations.
    expect(existsSync(resolve(SERVER_OUTDIR, "../../../packages/db/drizzle/meta/_journal.json"))).toBe(true);
  });

  it("writes a source map naming the TypeScript sources", () => {
    expect(bundle.files.map((file) => file.slice(SERVER_OUTDIR.length + 1)).sort()).toEqual(["main.mjs", "main.mjs.map"]);
    expect(bundle.text).toMatch(/\/\/# sourceMappingURL=main\.mjs\.map\s*$/);
    const { sources } = JSON.parse(bundle.map) as { sources: string[] };
    expect(sources).toContain("../src/main.ts");
    expect(sources).toContain("../../../packages/db/src/migrate.ts");
  });

  it("explains a missing build", () => {
    expect(missingBundleError(join(SERVER_OUTDIR, "nowhere.mjs"))?.message).toMatch(/not built.*run `pnpm build`/);
  });

  it("`pnpm -C apps/server start` without a build answers one line naming `pnpm build`, no stack trace", () => {
    // The start script looks for ../dist/main.mjs beside itself: a copy in an empty folder has none.
    const folder = mkdtempSync(join(tmpdir(), "iam-start-"));
    mkdirSync(join(folder, "scripts"));
    copyFileSync(join(SERVER_DIR, "scripts/start.mjs"), join(folder, "scripts/start.mjs"));
    const result = spawnSync(process.execPath, ["--enable-source-maps", join(folder, "scripts/start.mjs")], { encoding: "utf8" });
    rmSync(folder, { recursive: true, force: true });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toEqual([expect.stringMatching(/not built.*run `pnpm build` first/)]);
  });
});
