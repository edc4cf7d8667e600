import { readRpConfig } from "./config.ts";
import { startRp } from "./start.ts";

const config = readRpConfig(process.env);
const running = await startRp(config, { log: (message, detail) => console.error(JSON.stringify({ message, detail })) });
console.log(`Acme Notes on ${config.appUrl} (listening on ${running.url}), issuer ${config.issuer}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void running.close().then(() => process.exit(0)));
