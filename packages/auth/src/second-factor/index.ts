export { ACR_VALUES, AMR } from "./authentication-methods.ts";
export { idTokenAuthenticationContext } from "./id-token-context.ts";
export { secondFactorAudit } from "./second-factor-audit.ts";
export { BACKUP_CODE_COUNT, SECOND_FACTOR_FAILURE_LIMIT, secondFactorPlugin } from "./two-factor.ts";
export { stepUp } from "./step-up.ts";
