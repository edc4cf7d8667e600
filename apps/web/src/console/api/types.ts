/**
 * Names for the shapes screens pass around (a table's row, a panel's prop). The calls themselves
 * are typed by their clients (`api-client.ts`); these are the same types, never written by hand:
 * the project's from the schemas its routes declare (@iam/schemas), Better Auth's from its client (`$Infer`).
 */
import type { ConsoleAuthClient } from "./api-client";

export type {
  AdminUser,
  ApiResource,
  AuditEntry,
  Consent,
  Dashboard,
  InvitationView as Invitation,
  LogoutReach,
  MailMessageView as MailMessage,
  OAuthClient,
  SigningKey,
} from "@iam/schemas";

type Session = ConsoleAuthClient["$Infer"]["Session"];

/** `/api/auth/get-session` when signed in. */
export type CurrentSession = Session;

/** `/api/auth/admin/get-user`: a user with the admin plugin's fields. */
export type User = Session["user"];

/** One of `/api/auth/admin/list-user-sessions`. */
export type UserSession = Session["session"];
