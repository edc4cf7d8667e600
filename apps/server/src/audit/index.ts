export { adminAudit } from "./admin-audit.ts";
export { auditLogRoutes } from "./audit-log-routes.ts";
