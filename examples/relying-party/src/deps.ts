import type { UserDirectory } from "./app-user.ts";
import type { RpConfig } from "./config.ts";
import type { Provider } from "./provider.ts";

export interface RpDeps {
  rp: RpConfig;
  provider: Provider;
  users: UserDirectory;
  /** The app's clock, for token expiry checks (tests move it). */
  now?: () => Date;
  log?: (message: string, detail?: string) => void;
}
