import { networkInterfaces } from "node:os";
import { readServerEnv } from "@iam/env";
import { createLogger } from "../http/logger.ts";
import { startServer } from "../server.ts";
import { freePort } from "@iam/testing";
import { describe, expect, it } from "vitest";
import { resolveServerConfig } from "./server-config.ts";

const baseEnv = { PGLITE_DIR: "memory://", BETTER_AUTH_SECRET: "listen-host-secret-listen-host-secret-0", LOG_LEVEL: "silent" } as const;

/** An address of this machine other than loopback, if it has one. */
function externalAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry && entry.family === "IPv4" && !entry.internal)?.address;
}

describe("where the API listens", () => {
  it("development without HOST listens on loopback only: reachable on localhost, refused on the machine's other addresses", async () => {
    const port = await freePort();
    const config = resolveServerConfig(readServerEnv({ ...baseEnv, NODE_ENV: "development", PORT: String(port) }));
    expect(config.host).toBe("localhost");
    const server = await startServer({ ...config, admin: undefined }, createLogger("silent"));
    try {
      expect(["127.0.0.1", "::1"]).toContain(server.address);
      expect((await fetch(`http://localhost:${port}/healthz`)).status).toBe(200);
      const external = externalAddress();
      if (external) await expect(fetch(`http://${external}:${port}/healthz`)).rejects.toThrow();
    } finally {
      await server.close();
    }
  });

  it("HOST chooses the interface; production without HOST listens on every interface", () => {
    expect(resolveServerConfig(readServerEnv({ ...baseEnv, NODE_ENV: "development", HOST: "0.0.0.0" })).host).toBe("0.0.0.0");
    expect(resolveServerConfig(readServerEnv({ ...baseEnv, NODE_ENV: "production" })).host).toBeUndefined();
  });
});
