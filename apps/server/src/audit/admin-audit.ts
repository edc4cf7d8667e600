import { AUDIT_ACTIONS } from "@iam/auth";
import type { AuditAction, AuditEntry, AuditWriter } from "@iam/auth";
import type { MiddlewareHandler } from "hono";
import { CLIENT_IP_HEADER } from "@iam/auth";

interface AdminRoute {
  method: string;
  pattern: RegExp;
  action: AuditAction;
  targetType: NonNullable<AuditEntry["targetType"]>;
}

/** State-changing admin routes and what their success means. Group 1 of the pattern is the target. */
const ROUTES: AdminRoute[] = [
  { method: "POST", pattern: /^\/api\/admin\/oauth-clients\/?$/, action: AUDIT_ACTIONS.clientCreated, targetType: "oauth_client" },
  { method: "PATCH", pattern: /^\/api\/admin\/oauth-clients\/([^/]+)$/, action: AUDIT_ACTIONS.clientUpdated, targetType: "oauth_client" },
  { method: "DELETE", pattern: /^\/api\/admin\/oauth-clients\/([^/]+)$/, action: AUDIT_ACTIONS.clientDeleted, targetType: "oauth_client" },
  { method: "POST", pattern: /^\/api\/admin\/oauth-clients\/([^/]+)\/rotate-secret$/, action: AUDIT_ACTIONS.clientSecretRotated, targetType: "oauth_client" },
  {
    method: "DELETE",
    pattern: /^\/api\/admin\/oauth-clients\/([^/]+)\/previous-secret$/,
    action: AUDIT_ACTIONS.clientSecretOverlapEnded,
    targetType: "oauth_client",
  },
  { method: "POST", pattern: /^\/api\/admin\/initial-access-tokens\/?$/, action: AUDIT_ACTIONS.initialAccessTokenIssued, targetType: "initial_access_token" },
  {
    method: "DELETE",
    pattern: /^\/api\/admin\/initial-access-tokens\/([^/]+)$/,
    action: AUDIT_ACTIONS.initialAccessTokenRevoked,
    targetType: "initial_access_token",
  },
  { method: "PATCH", pattern: /^\/api\/admin\/consents\/([^/]+)$/, action: AUDIT_ACTIONS.consentUpdated, targetType: "consent" },
  { method: "DELETE", pattern: /^\/api\/admin\/consents\/([^/]+)$/, action: AUDIT_ACTIONS.consentRevoked, targetType: "consent" },
  { method: "POST", pattern: /^\/api\/admin\/signing-keys\/rotate$/, action: AUDIT_ACTIONS.signingKeyRotated, targetType: "signing_key" },
  { method: "POST", pattern: /^\/api\/admin\/invitations\/?$/, action: AUDIT_ACTIONS.invitationCreated, targetType: "invitation" },
  { method: "POST", pattern: /^\/api\/admin\/invitations\/([^/]+)\/resend$/, action: AUDIT_ACTIONS.invitationResent, targetType: "invitation" },
  { method: "DELETE", pattern: /^\/api\/admin\/invitations\/([^/]+)$/, action: AUDIT_ACTIONS.invitationRevoked, targetType: "invitation" },
  { method: "POST", pattern: /^\/api\/admin\/users\/([^/]+)\/send-verification$/, action: AUDIT_ACTIONS.verificationSent, targetType: "user" },
  { method: "POST", pattern: /^\/api\/admin\/users\/([^/]+)\/send-password-reset$/, action: AUDIT_ACTIONS.passwordResetSent, targetType: "user" },
  { method: "POST", pattern: /^\/api\/admin\/mail\/([^/]+)\/retry$/, action: AUDIT_ACTIONS.mailRetried, targetType: "mail" },
  { method: "PATCH", pattern: /^\/api\/admin\/users\/([^/]+)\/organization$/, action: AUDIT_ACTIONS.userOrganizationChanged, targetType: "user" },
  { method: "PUT", pattern: /^\/api\/admin\/settings$/, action: AUDIT_ACTIONS.settingsUpdated, targetType: "settings" },
  { method: "DELETE", pattern: /^\/api\/admin\/second-factors\/([^/]+)$/, action: AUDIT_ACTIONS.secondFactorReset, targetType: "user" },
];

/**
 * Records every successful state-changing admin API call, whoever implements it (plugin calls or
 * direct queries): the admin who acted, the target and the address. Runs after the route, so a
 * refused or failed call records nothing.
 */
export function adminAudit(write: AuditWriter): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.res.status >= 400) return;
    const route = ROUTES.find((candidate) => candidate.method === c.req.method && candidate.pattern.test(c.req.path));
    if (!route) return;
    let targetId = decodeURIComponent(route.pattern.exec(c.req.path)?.[1] ?? "") || null;
    if (!targetId && route.action === AUDIT_ACTIONS.clientCreated) targetId = await createdClientId(c.res);
    if (!targetId && route.action === AUDIT_ACTIONS.invitationCreated) targetId = await createdInvitationId(c.res);
    const actor: unknown = c.get("adminUserId" as never);
    await write({
      action: route.action,
      actorUserId: typeof actor === "string" ? actor : null,
      targetType: route.targetType,
      targetId,
      ipAddress: c.req.header(CLIENT_IP_HEADER) ?? null,
      userAgent: c.req.header("user-agent") ?? null,
      details: { via: "admin-api" },
    });
  };
}

async function createdClientId(response: Response): Promise<string | null> {
  try {
    const body = (await response.clone().json()) as { client_id?: unknown };
    return typeof body.client_id === "string" ? body.client_id : null;
  } catch {
    return null;
  }
}

async function createdInvitationId(response: Response): Promise<string | null> {
  try {
    const body = (await response.clone().json()) as { id?: unknown };
    return typeof body.id === "string" ? body.id : null;
  } catch {
    return null;
  }
}
