export { ACCEPT_INVITATION_PATH, acceptInvitationRoutes } from "./accept-invitation.ts";
export { invitationRoutes } from "./invitation-routes.ts";
export { findOpenInvitation, hashInvitationToken, invitationStatus } from "./invitation-store.ts";
