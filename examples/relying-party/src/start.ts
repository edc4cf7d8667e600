import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createRpApp } from "./app.ts";
import { UserDirectory } from "./app-user.ts";
import type { RpConfig } from "./config.ts";
import type { RpDeps } from "./deps.ts";
import { LogoutRegistry } from "./logout-registry.ts";
import { connectProvider } from "./provider.ts";

export interface RunningRp {
  url: string;
  close(): Promise<void>;
}

/** Discovers the provider, then listens. Tests call this with their own config and clock. */
export async function startRp(rp: RpConfig, options: Pick<RpDeps, "now" | "log"> = {}): Promise<RunningRp> {
  const provider = await connectProvider(rp);
  const now = () => (options.now?.() ?? new Date()).getTime();
  const app = createRpApp({ rp, provider, users: new UserDirectory(), logouts: new LogoutRegistry(now), ...options });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const listening = serve({ fetch: app.fetch, port: rp.port }, () => resolve(listening));
    listening.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ("closeIdleConnections" in server) server.closeIdleConnections();
      }),
  };
}
