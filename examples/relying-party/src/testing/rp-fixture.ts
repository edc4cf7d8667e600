import { freePort, BrowserAgent, registerClient, TEST_ADMIN } from "@iam/testing";
import type { TestServer } from "@iam/testing";
import { readRpConfig } from "../config.ts";
import { startRp } from "../start.ts";
import type { RunningRp } from "../start.ts";
import { startCountingProxy } from "./counting-proxy.ts";
import type { CountingProxy } from "./counting-proxy.ts";

export interface RpFixture {
  rp: RunningRp;
  appUrl: string;
  clientId: string;
  /** The provider's "internal URL": every server-to-server call of the app goes through it. */
  internal: CountingProxy;
  /** The app's clock: real time, unless a test freezes it at `frozenAt` (ms since the epoch). */
  clock: { frozenAt: number | undefined };
  close(): Promise<void>;
}

/**
 * The example app, registered at `provider` by the admin API (native: it lives on
 * http://localhost), reaching the provider through a counting proxy as its internal URL.
 */
export async function startRpFixture(provider: TestServer, appPort?: number): Promise<RpFixture> {
  const port = appPort ?? (await freePort());
  const appUrl = `http://localhost:${port}`;
  // Better Auth trusts only the console's origin, whichever console this provider was given.
  const admin = new BrowserAgent(provider.config.webUrl);
  const signedIn = await admin.fetchJson(`${provider.url}/api/auth/sign-in/email`, "POST", TEST_ADMIN);
  if (signedIn.status !== 200) throw new Error(`admin sign-in failed: ${signedIn.status}`);
  const client = await registerClient(provider, admin, {
    client_name: "Acme Notes",
    redirect_uris: [`${appUrl}/auth/callback`],
    post_logout_redirect_uris: [`${appUrl}/`],
    application_type: "native",
    enable_end_session: true,
    backchannel_logout_uri: `${appUrl}/auth/backchannel-logout`,
  });
  const internal = await startCountingProxy(provider.url);
  const clock: RpFixture["clock"] = { frozenAt: undefined };
  const config = readRpConfig({
    IAM_ISSUER: provider.issuer,
    IAM_INTERNAL_URL: internal.url,
    CLIENT_ID: client.client_id,
    CLIENT_SECRET: String(client.client_secret),
    APP_URL: appUrl,
  });
  const rp = await startRp(config, { now: () => new Date(clock.frozenAt ?? Date.now()) });
  return {
    rp,
    appUrl,
    clientId: client.client_id,
    internal,
    clock,
    async close() {
      await rp.close();
      await internal.close();
    },
  };
}
