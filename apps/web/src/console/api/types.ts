/**
 * Shapes of the API's answers, as the console reads them: the project's own from the schemas its
 * routes declare (@iam/schemas), Better Auth's from Better Auth's own types, as JSON (dates as
 * strings). Nothing here is written by hand.
 */
import type { SessionWithImpersonatedBy, UserWithRole } from "better-auth/client/plugins";
import type { JSONParsed } from "hono/utils/types";

export type {
  ApiResource,
  ApiResourceList,
  AuditEntry,
  AuditLogPage,
  Consent,
  ConsentPage,
  CreatedOAuthClient as CreatedClient,
  BackchannelLogoutStatus,
  Dashboard,
  InvitationPage,
  InvitationView as Invitation,
  MailMessageView as MailMessage,
  MailPage,
  MailStatus,
  LogoutReach,
  OAuthClient,
  OAuthClientPage as ClientPage,
  Page,
  SigningKey,
  SigningKeys,
  UserSignIns,
} from "@iam/schemas";

export type User = JSONParsed<UserWithRole>;
export type UserSession = JSONParsed<SessionWithImpersonatedBy>;

/** `/api/admin/users`. */
export type { AdminUserPage as UserPage, AdminUser } from "@iam/schemas";

/** `/api/auth/get-session`. */
export interface CurrentSession {
  user: User;
  session: Pick<UserSession, "id" | "impersonatedBy">;
}
