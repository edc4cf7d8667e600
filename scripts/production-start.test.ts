import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@iam/server/testing";
import { ensureNextBuild } from "../apps/web/e2e/support/next-build.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TSX = createRequire(import.meta.url).resolve("tsx/cli");
const METRICS_TOKEN = randomBytes(24).toString("base64url");

async function waitFor(url: string, deadline: number): Promise<Response> {
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return response;
      last = response.status;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} never answered 200 (last: ${String(last)})`);
}

/**
 * What CI can run instead of Docker: the production build and `pnpm start` (API + console in
 * production mode, the same runner), on free ports, as an operator would start them.
 */
describe("pnpm build && pnpm start (production mode)", () => {
  let child: ChildProcess;
  let output = "";
  let dataDir: string;
  let apiUrl: string;
  let webUrl: string;

  beforeAll(async () => {
    await ensureNextBuild();
    const [apiPort, webPort] = [await freePort(), await freePort()];
    apiUrl = `http://localhost:${apiPort}`;
    webUrl = `http://localhost:${webPort}`;
    dataDir = await mkdtemp(join(tmpdir(), "iam-prod-"));
    child = spawn(process.execPath, [TSX, "scripts/run-all.ts", "start"], {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(apiPort),
        BETTER_AUTH_URL: apiUrl,
        BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
        WEB_URL: webUrl,
        PGLITE_DIR: dataDir,
        DATABASE_URL: "",
        ADMIN_EMAIL: "ops@example.com",
        ADMIN_PASSWORD: randomBytes(12).toString("base64url"),
        METRICS_TOKEN,
        LOG_LEVEL: "info",
      },
    });
    for (const stream of [child.stdout, child.stderr]) stream?.on("data", (chunk: Buffer) => void (output += chunk.toString()));
    const deadline = Date.now() + 90_000;
    await waitFor(`${apiUrl}/readyz`, deadline);
    await waitFor(`${webUrl}/`, deadline);
  }, 600_000);

  afterAll(async () => {
    if (child?.pid && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
    }
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("serves discovery for the configured issuer", async () => {
    for (const path of ["/api/auth/.well-known/openid-configuration", "/.well-known/openid-configuration/api/auth"]) {
      const response = await fetch(`${apiUrl}${path}`);
      expect(response.status, path).toBe(200);
      const metadata = (await response.json()) as { issuer: string; jwks_uri: string };
      expect(metadata.issuer).toBe(`${apiUrl}/api/auth`);
      expect((await fetch(metadata.jwks_uri)).status).toBe(200);
    }
  });

  it("serves the console, pointed at the API", async () => {
    const response = await fetch(`${webUrl}/sign-in`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(await response.text()).toContain(`${apiUrl}/api/auth/sign-in/email`);
  });

  it("keeps /metrics behind its token and logs JSON lines without secrets", async () => {
    expect((await fetch(`${apiUrl}/metrics`)).status).toBe(401);
    const scrape = await fetch(`${apiUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toContain("iam_http_requests_total");
    const apiLines = output.split("\n").filter((line) => line.includes('"message":"request"'));
    expect(apiLines.length).toBeGreaterThan(0);
    expect(output).not.toContain(METRICS_TOKEN);
  });
});
