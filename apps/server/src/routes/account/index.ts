export { accountRoutes } from "./account.ts";
export { describeDevice, displayAddress } from "./device-description.ts";
