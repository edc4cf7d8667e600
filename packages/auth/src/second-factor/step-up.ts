import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware, getSessionFromCtx, isAPIError } from "better-auth/api";
import { deleteSessionCookie } from "better-auth/cookies";
import { generateRandomString } from "better-auth/crypto";
import { AUTH_PATHS } from "../auth-paths.ts";
import { acrClaimsAsAcrValues, asksForMultiFactor } from "./authentication-methods.ts";
import { CHALLENGE_COOKIE } from "./challenge.ts";
import { hasSecondFactor, secondFactorRequired, sessionHasSecondFactor } from "./factor-policy.ts";
import type { FactorPolicyDeps } from "./factor-policy.ts";

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

const CHALLENGE_SECONDS = 600;

/** The end-user page where a person without a second factor sets one up (console, apps/web). */
export const ENROLL_PAGE = "/enroll-second-factor";

interface StepUp {
  userId: string;
  sessionToken: string;
  /** No factor yet, and one is required: enrollment, with the single-factor session kept for it. */
  enroll: boolean;
}

/**
 * Opens the same second-factor challenge a password sign-in opens (Better Auth's two-factor plugin:
 * a verification record naming the user, an attempts record, a signed cookie), so the second-factor
 * page and its per-account limits serve a step-up unchanged, and ends the single-factor session:
 * the verification then creates the multi-factor session and resumes the authorization.
 */
async function openChallenge(ctx: HookContext, stepUp: StepUp): Promise<void> {
  const identifier = `2fa-${generateRandomString(20)}`;
  const expiresAt = new Date(Date.now() + CHALLENGE_SECONDS * 1000);
  await ctx.context.internalAdapter.createVerificationValue({ value: stepUp.userId, identifier, expiresAt });
  await ctx.context.internalAdapter.createVerificationValue({ value: "0", identifier: `2fa-attempts-${identifier}`, expiresAt });
  const cookie = ctx.context.createAuthCookie(CHALLENGE_COOKIE, { maxAge: CHALLENGE_SECONDS });
  await ctx.setSignedCookie(cookie.name, identifier, ctx.context.secret, cookie.attributes);
  deleteSessionCookie(ctx, true);
  await ctx.context.internalAdapter.deleteSession(stepUp.sessionToken);
}

/** The login page's URL the OAuth plugin answered with (a redirect, or `{url}` for scripts). */
function loginPageAnswer(returned: unknown, loginPage: string): { url: string; json: boolean } | undefined {
  if (isAPIError(returned)) {
    const location = new Headers(returned.headers as HeadersInit | undefined).get("location");
    return location?.startsWith(`${loginPage}?`) ? { url: location, json: false } : undefined;
  }
  if (returned && typeof returned === "object") {
    const record = returned as { url?: unknown; body?: { url?: unknown } };
    const url = typeof record.url === "string" ? record.url : typeof record.body?.url === "string" ? record.body.url : undefined;
    return url?.startsWith(`${loginPage}?`) ? { url, json: true } : undefined;
  }
  return undefined;
}

/**
 * Step-up for relying parties, and the second-factor policy (client setting, console settings):
 * an authorization from a session signed in with one factor gets the second-factor page instead
 * of a code when it asks for the multi-factor `acr` value (in `acr_values`, or an `acr` request in
 * `claims`), or when a second factor is required.
 * The authorization is run as `prompt=login`, so the OAuth plugin signs the query for the login
 * page as usual; its redirect is then turned to the second-factor page with that same signed
 * query. A person without a second factor gets the authorization as is when it only asked for one
 * (acr_values is a request, not a requirement; the ID token's `acr` says what was met), and the
 * enrollment page when one is required: confirming the first code there replaces the session with
 * a multi-factor one and resumes the authorization. These hooks also run when a sign-in resumes
 * an authorization (the OAuth plugin dispatches /oauth2/authorize again), so the policy holds on
 * every path. `prompt=none` cannot show a page: a requirement not met answers `login_required`.
 */
export function stepUp(webUrl: string, policy: FactorPolicyDeps): BetterAuthPlugin {
  const pending = new WeakMap<Request, StepUp>();
  const loginPage = `${webUrl}/oauth-login`;
  return {
    id: "iam-step-up",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === AUTH_PATHS.authorize,
          handler: createAuthMiddleware(async (ctx) => {
            if (!ctx.request) return;
            // An `acr` asked in `claims` counts as `acr_values`, with or without a session yet.
            const query: Record<string, unknown> = acrClaimsAsAcrValues(ctx.query ?? {});
            const rewritten = query === ctx.query ? undefined : { context: { query } };
            const session = await getSessionFromCtx(ctx).catch(() => null);
            if (!session) return rewritten;
            if (sessionHasSecondFactor(session.session)) return rewritten;
            const clientId = typeof query.client_id === "string" ? query.client_id : undefined;
            const required = await secondFactorRequired(policy, session.user, clientId);
            if (!required && !asksForMultiFactor(query.acr_values)) return rewritten;
            const prompt = typeof query.prompt === "string" ? query.prompt.split(" ") : [];
            // The OAuth plugin answers prompt=none with a session older than max_age by login_required.
            if (prompt.includes("none")) return required ? { context: { query: { ...query, max_age: 0 } } } : rewritten;
            const hasFactor = await hasSecondFactor(policy.db, session.user);
            if (!hasFactor && !required) return rewritten;
            pending.set(ctx.request, { userId: session.user.id, sessionToken: session.session.token, enroll: !hasFactor });
            return { context: { query: { ...query, prompt: [...prompt.filter((value) => value !== "login"), "login"].join(" ") } } };
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path === AUTH_PATHS.authorize,
          handler: createAuthMiddleware(async (ctx) => {
            const request = ctx.request;
            const stepping = request ? pending.get(request) : undefined;
            if (!request || !stepping) return;
            pending.delete(request);
            const answer = loginPageAnswer(ctx.context.returned, loginPage);
            if (!answer) return;
            if (!stepping.enroll) await openChallenge(ctx, stepping);
            const page = `${webUrl}${stepping.enroll ? ENROLL_PAGE : "/two-factor"}?${answer.url.slice(loginPage.length + 1)}`;
            if (answer.json) return ctx.json({ redirect: true, url: page });
            throw ctx.redirect(page);
          }),
        },
      ],
    },
  };
}
