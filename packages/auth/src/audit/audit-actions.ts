/** Every action the audit log records; the console filters on these names. */
export const AUDIT_ACTIONS = {
  signInSucceeded: "sign_in.succeeded",
  signInFailed: "sign_in.failed",
  signedUp: "user.signed_up",
  signedOut: "sign_out",
  consentGranted: "consent.granted",
  consentDenied: "consent.denied",
  consentUpdated: "consent.updated",
  consentRevoked: "consent.revoked",
  /** A person answered a device's request on the /device page (RFC 8628). */
  deviceApproved: "device.approved",
  deviceDenied: "device.denied",
  clientCreated: "oauth_client.created",
  clientUpdated: "oauth_client.updated",
  clientSecretRotated: "oauth_client.secret_rotated",
  clientSecretOverlapEnded: "oauth_client.secret_overlap_ended",
  initialAccessTokenIssued: "initial_access_token.issued",
  initialAccessTokenRevoked: "initial_access_token.revoked",
  clientDeleted: "oauth_client.deleted",
  userCreated: "user.created",
  userRemoved: "user.removed",
  userBanned: "user.banned",
  userUnbanned: "user.unbanned",
  userRoleChanged: "user.role_changed",
  userSessionsRevoked: "user.sessions_revoked",
  impersonationStarted: "impersonation.started",
  impersonationStopped: "impersonation.stopped",
  signingKeyRotated: "signing_key.rotated",
  invitationCreated: "invitation.created",
  invitationResent: "invitation.resent",
  invitationRevoked: "invitation.revoked",
  invitationAccepted: "invitation.accepted",
  verificationSent: "user.verification_sent",
  passwordResetSent: "user.password_reset_sent",
  mailRetried: "mail.retried",
  // A person's own account page (Better Auth's endpoints, audited by the plugin).
  profileUpdated: "user.profile_updated",
  emailChangeRequested: "user.email_change_requested",
  passwordChanged: "user.password_changed",
  sessionRevoked: "session.revoked",
  sessionsRevoked: "session.all_revoked",
  otherSessionsRevoked: "session.others_revoked",
  /** A token request refused (invalid_grant, invalid_client, PKCE, redirect_uri): client, reason, address. */
  tokenRequestFailed: "oauth_token.request_failed",
  userPasswordReset: "user.password_reset",
  userOrganizationChanged: "user.organization_changed",
  clientImported: "oauth_client.imported",
  settingsUpdated: "settings.updated",
  signInSecondFactorRequired: "sign_in.second_factor_required",
  secondFactorEnrolled: "second_factor.enrolled",
  secondFactorRemoved: "second_factor.removed",
  secondFactorReset: "second_factor.reset",
  secondFactorFailed: "second_factor.failed",
  backupCodesRegenerated: "second_factor.backup_codes_regenerated",
} as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[keyof typeof AUDIT_ACTIONS];

export interface AuditEntry {
  action: AuditAction;
  actorUserId?: string | null;
  actorEmail?: string | null;
  targetType?: "user" | "oauth_client" | "consent" | "signing_key" | "invitation" | "mail" | "settings" | "initial_access_token" | null;
  targetId?: string | null;
  ipAddress?: string | null;
  userAgent?: string | null;
  /** Only identifiers and names: never secrets, tokens, passwords or codes. */
  details?: Record<string, unknown> | null;
}
