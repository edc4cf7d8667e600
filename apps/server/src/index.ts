// What other workspace packages start the API server with (the test harness in @iam/testing);
// the production entry point is main.ts.
export type { ServerConfig } from "./config/server-config.ts";
export { createLogger } from "./http/logger.ts";
export type { Logger } from "./http/logger.ts";
export { startServer } from "./server.ts";
export type { RunningServer } from "./server.ts";
export { loadBranding } from "./settings/index.ts";
