import type { UserDirectory } from "./app-user.ts";
import type { LogoutRegistry } from "./logout-registry.ts";
import type { RpConfig } from "./config.ts";
import type { Provider } from "./provider.ts";

export interface RpDeps {
  rp: RpConfig;
  provider: Provider;
  users: UserDirectory;
  /** Sessions the provider ended by back-channel logout. */
  logouts: LogoutRegistry;
  /** The app's clock, for token expiry checks (tests move it). */
  now?: () => Date;
  log?: (message: string, detail?: string) => void;
}
