import { randomUUID } from "node:crypto";
import type { Db } from "@iam/db";
import { auditLog } from "@iam/db/schema";
import type { AuditEntry } from "./audit-actions.ts";

export type AuditWriter = (entry: AuditEntry) => Promise<void>;

/**
 * Writes one audit row. A failed write is reported, not thrown: the action it records has
 * already happened, and answering the request with an error would misstate that.
 */
export function createAuditWriter(db: Db, onError: (message: string) => void = () => {}): AuditWriter {
  return async (entry) => {
    try {
      await db.insert(auditLog).values({
        id: randomUUID(),
        // Millisecond precision, as JavaScript sees it, so paging cursors compare exactly.
        createdAt: new Date(),
        action: entry.action,
        actorUserId: entry.actorUserId ?? null,
        actorEmail: entry.actorEmail ?? null,
        targetType: entry.targetType ?? null,
        targetId: entry.targetId ?? null,
        ipAddress: entry.ipAddress ?? null,
        userAgent: entry.userAgent?.slice(0, 512) ?? null,
        details: entry.details ?? null,
      });
    } catch (error) {
      onError(`audit write failed for ${entry.action}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}
