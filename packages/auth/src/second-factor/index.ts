export { secondFactorAudit } from "./second-factor-audit.ts";
export { BACKUP_CODE_COUNT, SECOND_FACTOR_FAILURE_LIMIT, secondFactorPlugin } from "./two-factor.ts";
