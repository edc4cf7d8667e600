import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { bundleServer, SERVER_BUNDLE, SERVER_NODE_FLAGS } from "@iam/server/bundle";

const BENCH_DIR = fileURLToPath(new URL("../..", import.meta.url));
const OUTDIR = join(BENCH_DIR, "dist");

/**
 * What the bench runs, as JavaScript: every target is a plain `node` process, so no target pays for
 * tsx (a loader thread with its own V8 isolate, transpiling at boot) and the probe, preloaded into
 * each, adds only its own few kilobytes. A is this project's production build (`pnpm build`'s
 * bundle, rebuilt here so it matches the sources); the peer, the floor and the probe are the
 * bench's own TypeScript, bundled with their packages left as imports.
 */
export const BUILT = {
  server: { entry: SERVER_BUNDLE, execArgv: [...SERVER_NODE_FLAGS] },
  peer: join(OUTDIR, "oidc-provider-server.mjs"),
  floor: join(OUTDIR, "floor-server.mjs"),
  probe: join(OUTDIR, "probe.mjs"),
} as const;

export async function buildTargets(): Promise<void> {
  const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));
  await Promise.all([
    bundleServer(),
    build({
      entryPoints: {
        "oidc-provider-server": source("./oidc-provider/server.ts"),
        "floor-server": source("./floor-server.ts"),
        probe: source("../probe/probe.ts"),
      },
      outdir: OUTDIR,
      outExtension: { ".js": ".mjs" },
      bundle: true,
      // The bench's targets import no workspace package: every bare import stays an import.
      packages: "external",
      platform: "node",
      format: "esm",
      target: "node20.9",
      logLevel: "warning",
    }),
  ]);
}
