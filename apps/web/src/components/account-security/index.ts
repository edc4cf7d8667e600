export { AccountSecurity } from "./account-security";
