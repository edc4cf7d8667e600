export * from "./auth.ts";
export * from "./audit-log.ts";
export * from "./throttle-counter.ts";
export * from "./client-secret-overlap.ts";
export * from "./initial-access-token.ts";
