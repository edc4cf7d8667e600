import { passkey } from "@better-auth/passkey";
import { APIError } from "better-auth/api";
import type { PasskeyRequests } from "./passkey-sign-in.ts";
import { PASSKEY_ERRORS } from "./passkey-sign-in.ts";

/**
 * Better Auth's passkey plugin for pages served on `webUrl`.
 *
 * WebAuthn binds a credential to the relying party ID, a registrable suffix of the *page's*
 * host, and the browser reports the page's origin in each ceremony. The pages that register and
 * use passkeys (/account/security, /oauth-login, /sign-in, /two-factor) are all served by
 * apps/web on WEB_URL and call the API (BETTER_AUTH_URL) with CORS, so the RP ID is WEB_URL's host
 * name and the only accepted origin is WEB_URL's; the API's own URL plays no part. (In
 * production both are one public origin; in development the session and challenge cookies reach
 * the API because both are on `localhost`.)
 *
 * Credentials are discoverable (resident keys required), so a person signs in without typing an
 * email; user verification is preferred, and what the authenticator did is kept per request for
 * the session's `amr`. On a second step, the credential must be the challenged account's.
 */
export function passkeyPlugin(webUrl: string, appName: string, { assertions, secondFactors }: PasskeyRequests) {
  const web = new URL(webUrl);
  return passkey({
    rpID: web.hostname,
    rpName: appName,
    origin: web.origin,
    authenticatorSelection: { residentKey: "required", requireResidentKey: true, userVerification: "preferred" },
    authentication: {
      afterVerification: async ({ ctx, verification }) => {
        if (!ctx.request) return;
        const { userVerified, credentialBackedUp, credentialDeviceType, credentialID } = verification.authenticationInfo;
        // A second step answers the challenge of one account: another account's passkey, however
        // valid, does not complete it (and is audited as a failed second factor).
        const challenge = secondFactors.get(ctx.request);
        if (challenge) {
          const row = await ctx.context.adapter.findOne<{ userId: string }>({ model: "passkey", where: [{ field: "credentialID", value: credentialID }] });
          if (row?.userId !== challenge.userId) throw new APIError("UNAUTHORIZED", { ...PASSKEY_ERRORS.otherAccount });
        }
        assertions.set(ctx.request, { userVerified, backedUp: credentialBackedUp, deviceType: credentialDeviceType });
      },
    },
  });
}
