export * from "./auth.ts";
export * from "./audit-log.ts";
