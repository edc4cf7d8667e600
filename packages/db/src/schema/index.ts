export * from "./auth.ts";
export * from "./audit-log.ts";
export * from "./throttle-counter.ts";
export * from "./settings.ts";
