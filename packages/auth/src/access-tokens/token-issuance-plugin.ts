import type { Db } from "@iam/db";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { AUDIT_ACTIONS } from "../audit/audit-actions.ts";
import type { AuditWriter } from "../audit/audit-writer.ts";
import { AUTH_PATHS } from "../auth-paths.ts";
import { clientJwtStillGranted, findIssuedAccessToken, issueClientJwt } from "./jwt-access-token.ts";
import type { TokenResponseBody } from "./jwt-access-token.ts";
import { issuePolicyRefreshToken } from "./refresh-policy.ts";
import { DEFAULT_TOKEN_POLICY, readTokenPolicy } from "./token-policy.ts";
import type { TokenPolicy } from "./token-policy.ts";
import { describeTokenFailure, requestClientId } from "./token-failure.ts";

type Body = Record<string, unknown>;

const isBody = (value: unknown): value is Body => Boolean(value) && typeof value === "object" && !isAPIError(value) && !(value instanceof Response);

function bearerToken(header: string | null | undefined): string | undefined {
  const match = header?.match(/^(?:Bearer|DPoP)\s+(\S+)$/i);
  return match?.[1];
}

const isDefaultPolicy = (policy: TokenPolicy) =>
  policy.accessTokenFormat === DEFAULT_TOKEN_POLICY.accessTokenFormat && policy.refreshTokenPolicy === DEFAULT_TOKEN_POLICY.refreshTokenPolicy;

/**
 * Per-client token issuance (oauth_client_token_policy): JWT access tokens for clients set so,
 * refresh tokens without `offline_access` for clients set so, and failed token requests in the
 * audit log (successes are counted by the server's metrics, not logged).
 */
export function tokenIssuance(db: Db, writeAudit: AuditWriter, clientIpHeader: string): BetterAuthPlugin {
  return {
    id: "iam-token-issuance",
    hooks: {
      after: [
        {
          matcher: (ctx) => ctx.path === AUTH_PATHS.token,
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned;
            const body = (ctx.body ?? {}) as Body;
            if (isAPIError(returned)) {
              if (!ctx.request) return;
              const failure = describeTokenFailure(body, ctx.request.headers.get("authorization"), returned);
              await writeAudit({
                action: AUDIT_ACTIONS.tokenRequestFailed,
                targetType: "oauth_client",
                targetId: failure.clientId,
                ipAddress: ctx.request.headers.get(clientIpHeader),
                userAgent: ctx.request.headers.get("user-agent"),
                details: failure.details,
              });
              return;
            }
            if (!isBody(returned) || typeof returned.access_token !== "string") return;
            // Usually named by the request (client_secret_basic or _post); otherwise found with the token.
            const hinted = requestClientId(body, ctx.request?.headers.get("authorization") ?? ctx.headers?.get("authorization"));
            if (hinted && isDefaultPolicy(await readTokenPolicy(db, hinted))) return;
            const row = await findIssuedAccessToken(db, returned.access_token);
            if (!row?.clientId) return;
            const policy = await readTokenPolicy(db, row.clientId);
            let answer: TokenResponseBody = returned;
            if (policy.refreshTokenPolicy === "always" && body.grant_type === "authorization_code" && answer.refresh_token === undefined) {
              const refreshToken = await issuePolicyRefreshToken(ctx, db, row);
              if (refreshToken) answer = { ...answer, refresh_token: refreshToken };
            }
            // A DPoP-bound token stays opaque: its binding lives on the row, which a JWT would drop.
            const bearer = typeof answer.token_type !== "string" || answer.token_type.toLowerCase() === "bearer";
            if (policy.accessTokenFormat === "jwt" && bearer) answer = (await issueClientJwt(ctx, db, answer, row, policy)) ?? answer;
            return answer === returned ? undefined : ctx.json(answer);
          }),
        },
        {
          matcher: (ctx) => ctx.path === AUTH_PATHS.introspect,
          handler: createAuthMiddleware(async (ctx) => {
            const returned = ctx.context.returned;
            if (!isBody(returned) || returned.active !== true) return;
            const token = (ctx.body as Body | undefined)?.token;
            if (typeof token !== "string") return;
            if ((await clientJwtStillGranted(db, token)) === false) return ctx.json({ active: false });
          }),
        },
        {
          matcher: (ctx) => ctx.path === AUTH_PATHS.userinfo,
          handler: createAuthMiddleware(async (ctx) => {
            if (!isBody(ctx.context.returned)) return;
            const token = bearerToken(ctx.headers?.get("authorization") ?? ctx.request?.headers.get("authorization"));
            if (token && (await clientJwtStillGranted(db, token)) === false) {
              throw new APIError(
                "UNAUTHORIZED",
                { error: "invalid_token", error_description: "token is no longer valid" },
                {
                  "WWW-Authenticate": 'Bearer error="invalid_token"',
                },
              );
            }
          }),
        },
      ],
    },
  };
}
