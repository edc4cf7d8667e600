import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware, getSessionFromCtx, isAPIError } from "better-auth/api";
import { deleteSessionCookie } from "better-auth/cookies";
import { generateRandomString } from "better-auth/crypto";
import { AUTH_PATHS } from "../auth-paths.ts";
import { CHALLENGE_COOKIE } from "./challenge.ts";
import { AMR, asksForMultiFactor, parseAmr } from "./authentication-methods.ts";

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

const CHALLENGE_SECONDS = 600;

interface StepUp {
  userId: string;
  sessionToken: string;
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

/** An authenticator app, or a passkey (which the second-factor page offers instead of a code). */
async function hasSecondFactor(ctx: HookContext, user: { id: string; twoFactorEnabled?: boolean | null }): Promise<boolean> {
  if (user.twoFactorEnabled === true) return true;
  const passkey = await ctx.context.adapter.findOne({ model: "passkey", where: [{ field: "userId", value: user.id }] });
  return passkey !== null;
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
 * Step-up for relying parties: an authorization asking for the multi-factor `acr` value, from a
 * session signed in with one factor by a person who has a second (an app or a passkey), gets the second-factor page
 * instead of a code. The authorization is run as `prompt=login`, so the OAuth plugin signs the
 * query for the login page as usual; its redirect is then turned to the second-factor page with
 * that same signed query. A person without a second factor gets the authorization as is, and the
 * ID token's `acr` says what was met (acr_values is a request, not a requirement).
 */
export function stepUp(webUrl: string): BetterAuthPlugin {
  const pending = new WeakMap<Request, StepUp>();
  const loginPage = `${webUrl}/oauth-login`;
  return {
    id: "iam-step-up",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === AUTH_PATHS.authorize && asksForMultiFactor(ctx.query?.acr_values),
          handler: createAuthMiddleware(async (ctx) => {
            if (!ctx.request) return;
            const prompt = typeof ctx.query?.prompt === "string" ? ctx.query.prompt.split(" ") : [];
            if (prompt.includes("none")) return;
            const session = await getSessionFromCtx(ctx).catch(() => null);
            if (!session) return;
            if (!(await hasSecondFactor(ctx, session.user))) return;
            if (parseAmr((session.session as { amr?: unknown }).amr).includes(AMR.multiFactor)) return;
            pending.set(ctx.request, { userId: session.user.id, sessionToken: session.session.token });
            return { context: { query: { ...ctx.query, prompt: [...prompt.filter((value) => value !== "login"), "login"].join(" ") } } };
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
            await openChallenge(ctx, stepping);
            const secondFactorPage = `${webUrl}/two-factor?${answer.url.slice(loginPage.length + 1)}`;
            if (answer.json) return ctx.json({ redirect: true, url: secondFactorPage });
            throw ctx.redirect(secondFactorPage);
          }),
        },
      ],
    },
  };
}
