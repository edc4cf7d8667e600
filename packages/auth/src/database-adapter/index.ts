export { sqlAdapter } from "./sql-adapter.ts";
