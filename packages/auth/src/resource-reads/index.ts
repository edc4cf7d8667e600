export { createResourceReadPath } from "./read-path.ts";
export type { ResourceReadPath, ResourceReadPathDeps } from "./read-path.ts";
export { readAccessTokenStatus } from "./token-status.ts";
export type { DeferReason, LiveAccessToken, TokenStatus } from "./token-status.ts";
