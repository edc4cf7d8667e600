import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { AUTH_PATHS } from "../auth-paths.ts";
import { closeChallenge, readChallenge } from "../second-factor/challenge.ts";
import type { PendingChallenge } from "../second-factor/challenge.ts";
import { answerBody } from "../second-factor/id-token-context.ts";
import type { PasskeyAssertion } from "./passkey-methods.ts";
import { passkeyMethods } from "./passkey-methods.ts";

/**
 * What one passkey request carries between the hooks here and the passkey plugin's own callback,
 * by request: the assertion it verified (for the session's amr) and, for a second step, the
 * challenge it answers.
 */
export interface PasskeyRequests {
  assertions: WeakMap<Request, PasskeyAssertion>;
  secondFactors: WeakMap<Request, PendingChallenge>;
}

export function passkeyRequests(): PasskeyRequests {
  return { assertions: new WeakMap(), secondFactors: new WeakMap() };
}

/** The error a passkey of one account gets on another account's second-factor step. */
export const PASSKEY_ERRORS = {
  secondFactorExpired: { code: "SECOND_FACTOR_EXPIRED", message: "This sign-in has expired. Start again with your password." },
  otherAccount: { code: "PASSKEY_OF_ANOTHER_ACCOUNT", message: "This passkey belongs to another account." },
} as const;

/** A second-factor use of a passkey says so in its JSON (`second_factor: true`; the /two-factor page's script sends it). */
function asksForSecondFactor(body: unknown): boolean {
  return typeof body === "object" && body !== null && (body as Record<string, unknown>).second_factor === true;
}

/**
 * Passkeys inside sign-ins, around the passkey plugin's own endpoints:
 *
 * - A first factor (`/oauth-login`, `/sign-in`): the session records `hwk`/`swk` (+ `mfa` when
 *   the authenticator verified the person, see passkey-methods.ts). The signed `oauth_query` in the
 *   same JSON body is stored by the OAuth plugin's before-hook (it reads the raw body, before the
 *   endpoint's schema drops unknown keys), and its after-hook resumes the authorization once the
 *   session cookie is set, as for a password.
 * - A second factor (`/two-factor`, `second_factor: true`): only for the account the password (or
 *   a step-up) opened the challenge for; on success the challenge is closed as the two-factor
 *   plugin closes it, and the session records `pwd` + the key + `mfa`. The options for it name
 *   that account's credentials (`allowCredentials`), so non-discoverable keys work too.
 *
 * Must come before the OAuth plugin: the challenge is closed before the authorization resumes.
 */
export function passkeySignIn({ assertions, secondFactors }: PasskeyRequests): BetterAuthPlugin {
  return {
    id: "iam-passkey-sign-in",
    init() {
      return {
        options: {
          databaseHooks: {
            session: {
              create: {
                before: async (session, ctx) => {
                  const request = ctx?.request;
                  if (ctx?.path !== AUTH_PATHS.passkeyVerifyAuthentication || !request) return;
                  const assertion = assertions.get(request);
                  if (!assertion) return;
                  return { data: { ...session, amr: passkeyMethods(assertion, secondFactors.has(request)).join(" ") } };
                },
              },
            },
          },
        },
      };
    },
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === AUTH_PATHS.passkeyVerifyAuthentication && asksForSecondFactor(ctx.body),
          handler: createAuthMiddleware(async (ctx) => {
            if (!ctx.request) return;
            const challenge = await readChallenge(ctx);
            if (!challenge) throw new APIError("UNAUTHORIZED", { ...PASSKEY_ERRORS.secondFactorExpired });
            // Whose passkey it is, is checked once the plugin has verified it (passkey-plugin.ts).
            secondFactors.set(ctx.request, challenge);
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path === AUTH_PATHS.passkeyVerifyAuthentication,
          handler: createAuthMiddleware(async (ctx) => {
            const challenge = ctx.request ? secondFactors.get(ctx.request) : undefined;
            if (!ctx.request || !challenge) return;
            secondFactors.delete(ctx.request);
            if (ctx.context.newSession) await closeChallenge(ctx, challenge);
          }),
        },
        {
          // The plugin answers any failure to verify a registration (a response for another
          // origin, a malformed attestation) as a 500; it is the request that is wrong.
          matcher: (ctx) => ctx.path === AUTH_PATHS.passkeyVerifyRegistration,
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned;
            if (isAPIError(returned) && returned.statusCode === 500 && returned.body?.code === "FAILED_TO_VERIFY_REGISTRATION") {
              // A Response: an APIError thrown here would keep the endpoint's status.
              const body = { code: "FAILED_TO_VERIFY_REGISTRATION", message: "The passkey could not be verified. Try again." };
              return new Response(JSON.stringify(body), { status: 400, headers: { "content-type": "application/json" } });
            }
          }),
        },
        {
          matcher: (ctx) => ctx.path === AUTH_PATHS.passkeyAuthenticateOptions && ctx.query?.second_factor === "true",
          handler: createAuthMiddleware(async (ctx) => {
            const options = answerBody(ctx.context.returned);
            const challenge = options ? await readChallenge(ctx) : undefined;
            if (!options || !challenge) return;
            const passkeys = await ctx.context.adapter.findMany<{ credentialID: string; transports?: string | null }>({
              model: "passkey",
              where: [{ field: "userId", value: challenge.userId }],
            });
            const allowCredentials = passkeys.map((row) => ({
              id: row.credentialID,
              type: "public-key",
              ...(row.transports ? { transports: row.transports.split(",") } : {}),
            }));
            return ctx.json({ ...options, allowCredentials });
          }),
        },
      ],
    },
  };
}
