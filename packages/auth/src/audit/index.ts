export { AUDIT_ACTIONS } from "./audit-actions.ts";
export type { AuditAction, AuditEntry } from "./audit-actions.ts";
export { auditLogPlugin } from "./audit-plugin.ts";
export { createAuditWriter } from "./audit-writer.ts";
export type { AuditWriter } from "./audit-writer.ts";
