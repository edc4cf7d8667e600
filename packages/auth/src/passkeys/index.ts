export { passkeyAudit } from "./passkey-audit.ts";
export { PASSKEY_ERRORS, passkeyRequests, passkeySignIn } from "./passkey-sign-in.ts";
export type { PasskeyRequests } from "./passkey-sign-in.ts";
export { passkeyPlugin } from "./passkey-plugin.ts";
export { passkeyMethods } from "./passkey-methods.ts";
