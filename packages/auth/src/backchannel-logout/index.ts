export { BACKCHANNEL_LOGOUT_EVENT, claimDue, deliverDue, RETRY_DELAYS_MS, RETRY_WINDOW_MS, retryDelayMs } from "./delivery.ts";
export type { ContextSource, DeliveryOutcome } from "./delivery.ts";
export { logoutSettings, notifiableClients, queueLogouts, targetsForSessions, targetsForUser } from "./queue.ts";
export type { LogoutReason, LogoutTarget } from "./queue.ts";
export { backchannelLogoutHooks } from "./session-hooks.ts";
export { DEFAULT_LOGOUT_POLL_MS, startLogoutWorker } from "./worker.ts";
export type { LogoutWorker } from "./worker.ts";
