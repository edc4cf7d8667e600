export * from "./auth.ts";
export * from "./audit-log.ts";
export * from "./throttle-counter.ts";
export * from "./mail.ts";
export * from "./client-token-policy.ts";
export * from "./backchannel-logout.ts";
export * from "./settings.ts";
