export { passkeyAudit } from "./passkey-audit.ts";
export { PASSKEY_ERRORS, passkeyRequests, passkeySignIn } from "./passkey-sign-in.ts";
export type { PasskeyRequests } from "./passkey-sign-in.ts";
export { passkeyPlugin } from "./passkey-plugin.ts";
export { passkeyMethods } from "./passkey-methods.ts";
export { PASSKEY_ADD_WITHIN_SECONDS, PASSKEY_REGISTRATION_ERRORS, recentSignInToAddPasskey } from "./passkey-registration.ts";
