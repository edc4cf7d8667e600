// `pnpm -C apps/server start`: the API alone from its production build. Plain JavaScript on
// purpose: it runs with node before anything is built. Without the bundle it says so in one line
// (the same words as `pnpm start`), instead of Node's module-not-found stack trace.
import { existsSync } from "node:fs";

const bundle = new URL("../dist/main.mjs", import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write("The API server is not built (apps/server/dist/main.mjs is missing): run `pnpm build` first.\n");
  process.exit(1);
}
await import(bundle.href);
