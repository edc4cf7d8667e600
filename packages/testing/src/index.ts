export { callApi, tokenRequest } from "./admin-api.ts";
export type { JsonResponse } from "./admin-api.ts";
export { BrowserAgent } from "./browser-agent.ts";
export type { RawResponse } from "./browser-agent.ts";
export { freePort } from "./free-port.ts";
export {
  completeAuthorization,
  discoverClient,
  registerClient,
  requestUserCode,
  RP_REDIRECT_URI,
  runCodeFlow,
  signIn,
  signInAdmin,
  signUp,
} from "./relying-party.ts";
export type { CodeFlowResult, RegisteredClient } from "./relying-party.ts";
export { createPostgresDatabase, testDatabaseKinds } from "./test-database.ts";
export type { TestDatabase, TestDatabaseKind } from "./test-database.ts";
export { startTestServer, startTestServerOn, TEST_ADMIN, TEST_WEB_URL } from "./test-server.ts";
export type { TestServer } from "./test-server.ts";
export type { ServerConfig } from "@iam/server";
export { SmtpInbox } from "./smtp-inbox.ts";
export type { ReceivedMail } from "./smtp-inbox.ts";
export { startLogoutReceiver } from "./logout-receiver.ts";
export type { LogoutReceiver } from "./logout-receiver.ts";
export { totpCode, totpKeyOf } from "./totp.ts";
export { SoftAuthenticator } from "./soft-authenticator.ts";
export type { SoftAuthenticatorOptions, SoftCredential } from "./soft-authenticator.ts";
export { redeemCallback, startAuthorization } from "./browser-authorization.ts";
export type { StartedAuthorization } from "./browser-authorization.ts";
