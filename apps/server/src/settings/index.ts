export { settingsRoutes } from "./settings-routes.ts";
export { applyLifetimes, createSettingsStore } from "./settings-store.ts";
export type { LifetimeHolder, SettingsStore } from "./settings-store.ts";
export { loadBranding } from "./branding.ts";
