import { readServerEnv } from "@iam/env";
import { resolveServerConfig } from "./config/server-config.ts";
import { createLogger } from "./http/logger.ts";
import { startServer } from "./server.ts";

const env = readServerEnv();
const config = resolveServerConfig(env);
const logger = createLogger(config.logLevel);
const server = await startServer(config, logger);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.log("info", "shutting down", { signal });
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.log("error", "shutdown failed", { error: String(error) });
        process.exit(1);
      },
    );
  });
}
