import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { Metafile, Plugin } from "esbuild";

/**
 * The API server's production build: `src/main.ts` and the workspace packages it imports
 * (`@iam/*`, TypeScript source) bundled into one ES module, third-party packages left as imports
 * that Node resolves from `apps/server/node_modules` at run time. Production then runs plain
 * `node` on JavaScript: no tsx loader thread, no transpiling at boot.
 */
export const SERVER_DIR = fileURLToPath(new URL("..", import.meta.url));
export const SERVER_OUTDIR = join(SERVER_DIR, "dist");
export const SERVER_BUNDLE = join(SERVER_OUTDIR, "main.mjs");
/**
 * How production runs the bundle (`node ${SERVER_NODE_FLAGS} dist/main.mjs`; the Dockerfile and
 * apps/server's `start` script spell it out too): with source maps, so stack traces in the logs
 * name the TypeScript sources. Measured cost: 4-5 MiB of RSS, ~12 µs per stack trace formatted
 * (docs/benchmarks.md, "Memory: the production build").
 */
export const SERVER_NODE_FLAGS = ["--enable-source-maps"] as const;

export interface BundleResult {
  /** The bundle and its source map. */
  files: string[];
  metafile: Metafile;
  /** The bundle's JavaScript. */
  text: string;
  /** Its source map (JSON). */
  map: string;
}

export interface BundleOptions {
  /** `apps/server/dist` unless a check builds elsewhere; third-party imports resolve from here. */
  outdir?: string;
  /** false: build in memory only, to inspect the output. */
  write?: boolean;
}

export async function bundleServer({ outdir = SERVER_OUTDIR, write = true }: BundleOptions = {}): Promise<BundleResult> {
  const result = await build({
    absWorkingDir: SERVER_DIR,
    entryPoints: { main: join(SERVER_DIR, "src", "main.ts") },
    outdir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    // package.json engines: node >= 20.9.
    target: "node20.9",
    // Linked map without the sources' text: stack traces only need the mappings, and the map Node
    // parses at boot stays small (the sources are in the tree next to the bundle anyway).
    sourcemap: "linked",
    sourcesContent: false,
    metafile: true,
    write: false,
    logLevel: "warning",
    plugins: [thirdPartyExternal, sourceFileUrls(outdir)],
  });
  const files = result.outputFiles.map((file) => file.path);
  if (write) {
    await mkdir(outdir, { recursive: true });
    // Write-then-rename: a server starting while another build runs (a test, the bench) reads
    // either the old bundle or the new one, never half a file.
    await Promise.all(
      result.outputFiles.map(async (file) => {
        const temporary = `${file.path}.${process.pid}.tmp`;
        await writeFile(temporary, file.contents);
        await rename(temporary, file.path);
      }),
    );
  }
  const bundle = result.outputFiles.find((file) => file.path.endsWith(".mjs"));
  const map = result.outputFiles.find((file) => file.path.endsWith(".mjs.map"));
  if (!bundle || !map) throw new Error("esbuild produced no bundle or no source map");
  return { files, metafile: result.metafile, text: bundle.text, map: map.text };
}

/** The error `pnpm start` reports when there is no bundle to run. */
export function missingBundleError(bundle = SERVER_BUNDLE): Error | undefined {
  if (existsSync(bundle)) return undefined;
  return new Error(`The API server is not built (${relative(process.cwd(), bundle) || bundle} is missing): run \`pnpm build\` first.`);
}

/**
 * Bare imports other than `@iam/*` stay imports. The workspace packages export TypeScript, which
 * Node cannot run, so they are inlined; everything else (better-auth, hono, postgres, PGlite…)
 * is loaded by Node from `apps/server/node_modules`, which is why apps/server declares every
 * package the bundle imports, including those only packages/db or packages/auth use.
 */
const thirdPartyExternal: Plugin = {
  name: "third-party-external",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith("@iam/") ? undefined : { path: args.path, external: true }));
  },
};

/**
 * After bundling, `import.meta.url` would be the bundle's URL, and paths computed from it
 * (packages/db's migrations folder, the default `.data` directory, the root `.env`) would point
 * under apps/server. Each source file's `import.meta.url` is therefore rewritten to that file's
 * own location, relative to the bundle: the paths stay those of the tree, as under tsx, for as
 * long as the bundle runs from `apps/server/dist` inside the repository (or the image's copy of it).
 */
function sourceFileUrls(outdir: string): Plugin {
  return {
    name: "source-file-urls",
    setup(build) {
      build.onLoad({ filter: /\.[cm]?tsx?$/ }, async (args) => {
        const source = await readFile(args.path, "utf8");
        // Anything else on import.meta would silently describe the bundle instead of the source.
        const unsupported = /\bimport\.meta\.(?!url\b)\w+/.exec(source);
        if (unsupported) throw new Error(`${args.path}: ${unsupported[0]} is not supported in the server bundle; use import.meta.url`);
        if (!source.includes("import.meta.url")) return undefined;
        const fromBundle = relative(outdir, args.path).split(sep).join("/");
        const contents = source.replaceAll(/\bimport\.meta\.url\b/g, `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`);
        return { contents, loader: args.path.endsWith("x") ? "tsx" : "ts", resolveDir: dirname(args.path) };
      });
    },
  };
}
