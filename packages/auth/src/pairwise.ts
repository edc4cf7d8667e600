import { createHmac } from "node:crypto";

/**
 * The key of pairwise subject identifiers when PAIRWISE_SECRET is not set: derived from
 * BETTER_AUTH_SECRET (which `secret` stays during a rotation of versioned secrets), so a
 * deployment has stable pairwise `sub`s without one more secret to keep. 43 characters, above the
 * plugin's minimum of 32.
 */
export function derivePairwiseSecret(secret: string): string {
  return createHmac("sha256", secret).update("iam/pairwise-subject-identifier/v1").digest("base64url");
}
