import { relative } from "node:path";
import { bundleServer } from "./bundle.ts";

/** `pnpm -C apps/server build` (part of the root `pnpm build`): writes dist/main.mjs and its map. */
const startedAt = performance.now();
const { files } = await bundleServer();
const elapsed = (performance.now() - startedAt).toFixed(0);
process.stdout.write(`built ${files.map((file) => relative(process.cwd(), file)).join(", ")} in ${elapsed} ms\n`);
