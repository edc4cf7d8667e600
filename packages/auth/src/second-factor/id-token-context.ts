import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware } from "better-auth/api";
import { signJWT } from "better-auth/plugins";
import { AUTH_PATHS } from "../auth-paths.ts";
import { hashStoredToken } from "../crypto/token-hash.ts";
import { ACR_VALUES, acrFor, methodsForSessionCreatedAt, parseAmr } from "./authentication-methods.ts";

type Body = Record<string, unknown>;
type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

const OPENID_CONFIGURATION_PATH = "/.well-known/openid-configuration";

/** An endpoint's answer as a hook sees it: the body itself, or `{ body, _flag: "json" }` when the call answers a Response. */
export function answerBody(returned: unknown): Body | undefined {
  if (!returned || typeof returned !== "object" || returned instanceof Response || returned instanceof Error) return undefined;
  const record = returned as Body;
  if (record._flag === "json" && record.body && typeof record.body === "object") return record.body as Body;
  return record;
}

function decodePayload(jwt: string): Body | undefined {
  const part = jwt.split(".")[1];
  if (!part) return undefined;
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Body;
  } catch {
    return undefined;
  }
}

/** The session an issued token belongs to: the ID token's `sid` when the client gets one, else the opaque access token's row. */
async function sessionIdOf(ctx: HookContext, body: Body, idToken: Body): Promise<string | undefined> {
  if (typeof idToken.sid === "string") return idToken.sid;
  const accessToken = body.access_token;
  if (typeof accessToken !== "string" || accessToken.split(".").length === 3) return undefined;
  const row = await ctx.context.adapter.findOne<{ sessionId?: string | null }>({
    model: "oauthAccessToken",
    where: [{ field: "token", value: await hashStoredToken(accessToken) }],
  });
  return row?.sessionId ?? undefined;
}

function withAcrValues(document: Body): Body {
  return { ...document, acr_values_supported: [ACR_VALUES.singleFactor, ACR_VALUES.multiFactor] };
}

/**
 * How each session was authenticated (`amr`, RFC 8176), and what relying parties see of it: the ID
 * token's `acr` and `amr`, and discovery's `acr_values_supported`.
 *
 * The OAuth plugin owns `acr` (always "0") and `amr` (never set) and strips both from custom
 * claims, so the ID token in a token response is signed again with both set, with the same key
 * the plugin used (the jwt plugin's current key). `auth_time` is the plugin's (the session's start).
 */
export function idTokenAuthenticationContext(): BetterAuthPlugin {
  return {
    id: "iam-authentication-context",
    schema: {
      session: {
        fields: {
          // Space-separated RFC 8176 values, set when the session is created (see methodsForSessionCreatedAt).
          amr: { type: "string", required: false, input: false },
        },
      },
    },
    init() {
      return {
        options: {
          databaseHooks: {
            session: {
              create: {
                before: async (session, ctx) => {
                  const methods = methodsForSessionCreatedAt(ctx?.path);
                  return methods ? { data: { ...session, amr: methods.join(" ") } } : undefined;
                },
              },
            },
          },
        },
      };
    },
    // The OAuth plugin answers `${issuer}/.well-known/openid-configuration` from its onRequest, before
    // any hook: its answer is taken here (this plugin comes first) and given the acr values.
    async onRequest(request, ctx) {
      if (request.method !== "GET" || !new URL(request.url).pathname.endsWith(OPENID_CONFIGURATION_PATH)) return;
      const provider = ctx.getPlugin("oauth-provider") as BetterAuthPlugin | null;
      const answer = await provider?.onRequest?.(request, ctx);
      if (!answer || !("response" in answer)) return;
      const original = answer.response;
      if (!original.ok) return { response: original };
      const headers = new Headers(original.headers);
      headers.delete("content-length");
      return { response: new Response(JSON.stringify(withAcrValues((await original.json()) as Body)), { status: original.status, headers }) };
    },
    hooks: {
      after: [
        {
          // auth.api.getOpenIdConfig() (the server's path-inserted discovery route).
          matcher: (ctx) => ctx.path === OPENID_CONFIGURATION_PATH,
          handler: createAuthMiddleware(async (ctx) => {
            const body = answerBody(ctx.context.returned);
            if (!body) return;
            return ctx.json(withAcrValues(body));
          }),
        },
        {
          matcher: (ctx) => ctx.path === AUTH_PATHS.token,
          handler: createAuthMiddleware(async (ctx) => {
            const body = answerBody(ctx.context.returned);
            if (typeof body?.id_token !== "string") return;
            const claims = decodePayload(body.id_token);
            if (!claims) return;
            const sessionId = await sessionIdOf(ctx, body, claims);
            const session = sessionId
              ? await ctx.context.adapter.findOne<{ amr?: string | null }>({ model: "session", where: [{ field: "id", value: sessionId }] })
              : null;
            // A session gone by a refresh (signed out, expired) leaves what the plugin wrote.
            if (!session) return;
            const amr = parseAmr(session.amr);
            const payload = { ...claims, acr: acrFor(amr), ...(amr.length > 0 ? { amr } : {}) };
            const jwtOptions = ctx.context.getPlugin("jwt")?.options;
            const idToken = await signJWT(ctx, { options: jwtOptions, payload });
            return ctx.json({ ...body, id_token: idToken });
          }),
        },
      ],
    },
  };
}
