import { z } from "zod";

/** Longest overlap window: a week, the longest choice the console offers. */
export const MAX_OVERLAP_SECONDS = 604_800;

/** The console's choices: none, 1 hour, 24 hours, 7 days. */
export const OVERLAP_CHOICES = [
  { seconds: 0, label: "None: the old secret stops now" },
  { seconds: 3600, label: "1 hour" },
  { seconds: 86_400, label: "24 hours" },
  { seconds: 604_800, label: "7 days" },
] as const;

/**
 * `POST /api/admin/oauth-clients/:client_id/rotate-secret`. No body (or `{}`) means no overlap:
 * the old secret stops at once, as before.
 */
export const rotateSecretBody = z
  .object({ overlap_seconds: z.number().int().min(0).max(MAX_OVERLAP_SECONDS).default(0) })
  .strict()
  .meta({ id: "RotateSecretBody" });
export type RotateSecretBody = z.infer<typeof rotateSecretBody>;

/** Whether a client's previous secret still works, and until when (epoch seconds). */
export const clientSecretState = z
  .object({
    client_id: z.string(),
    previous_secret_active: z.boolean(),
    previous_secret_rotated_at: z.number().int().nullable(),
    previous_secret_expires_at: z.number().int().nullable(),
  })
  .meta({ id: "ClientSecretState" });
export type ClientSecretState = z.infer<typeof clientSecretState>;
