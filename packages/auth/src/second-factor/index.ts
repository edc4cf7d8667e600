export { ACR_VALUES, AMR } from "./authentication-methods.ts";
export { enrollmentAtSignIn, ENROLLMENT_FLAG } from "./enrollment-at-sign-in.ts";
export {
  hasSecondFactor,
  meetsAdminFactorRule,
  NO_SECOND_FACTOR_REQUIRED,
  requiredBySettings,
  secondFactorRequired,
  sessionHasSecondFactor,
} from "./factor-policy.ts";
export type { FactorPolicyDeps, SecondFactorSettings } from "./factor-policy.ts";
export { idTokenAuthenticationContext } from "./id-token-context.ts";
export { secondFactorAudit } from "./second-factor-audit.ts";
export { BACKUP_CODE_COUNT, SECOND_FACTOR_FAILURE_LIMIT, secondFactorPlugin } from "./two-factor.ts";
export { ENROLL_PAGE, stepUp } from "./step-up.ts";
