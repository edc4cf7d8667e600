export { readServerEnv, serverEnvSchema } from "./server-env.ts";
export type { ServerEnv } from "./server-env.ts";
export { readWebEnv, webEnvSchema } from "./web-env.ts";
export type { WebEnv } from "./web-env.ts";
export { readTestEnv } from "./test-env.ts";
export type { TestEnv } from "./test-env.ts";
