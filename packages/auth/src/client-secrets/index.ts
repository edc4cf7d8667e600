export { secretOverlapGuard } from "./overlap-guard.ts";
export {
  endSecretOverlap,
  generateClientSecret,
  MAX_SECRET_OVERLAP_SECONDS,
  previousSecretState,
  rotateClientSecret,
  SECRET_OVERLAP_CHOICES,
  SECRET_ROTATION_ERRORS,
  secretStorageWithOverlap,
} from "./previous-secret.ts";
export type { PreviousSecretState, RotationResult, SecretRotationError } from "./previous-secret.ts";
