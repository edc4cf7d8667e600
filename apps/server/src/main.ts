import { DatabaseLockedError } from "@iam/db";
import { readServerEnv } from "@iam/env";
import { resolveServerConfig } from "./config/server-config.ts";
import type { ServerConfig } from "./config/server-config.ts";
import { createLogger } from "./http/logger.ts";
import { startServer } from "./server.ts";

let config: ServerConfig;
try {
  config = resolveServerConfig(readServerEnv());
} catch (error) {
  // A configuration mistake deserves its message, not a stack trace.
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
const logger = createLogger(config.logLevel);
const server = await startServer(config, logger).catch((error: unknown) => {
  // Another process holding the embedded database is an operator's situation, not a crash.
  if (error instanceof DatabaseLockedError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
});

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
