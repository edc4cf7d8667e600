export { AccountSecurity } from "./account-security";
export { EnrollFlow } from "./enroll-flow";
