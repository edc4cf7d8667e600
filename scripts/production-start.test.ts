import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleServer, SERVER_BUNDLE, SERVER_NODE_FLAGS } from "@iam/server/bundle";
import { BrowserAgent, freePort } from "@iam/testing";
import { ensureNextBuild } from "../apps/web/e2e/support/next-build.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TSX = createRequire(import.meta.url).resolve("tsx/cli");
const METRICS_TOKEN = randomBytes(24).toString("base64url");
const ADMIN = { email: "ops@example.com", password: randomBytes(12).toString("base64url") };

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

/** Every process below `pid` (Linux /proc), with its command line and NODE_OPTIONS. */
async function descendants(pid: number): Promise<{ pid: number; argv: string[]; nodeOptions: string }[]> {
  const parents = new Map<number, number>();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    // The parent pid is the 2nd field after the parenthesised command name (which may hold spaces).
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (parent) parents.set(Number(entry), parent);
  }
  const below = (candidate: number): boolean => {
    for (let up = parents.get(candidate); up; up = parents.get(up)) if (up === pid) return true;
    return false;
  };
  const found: { pid: number; argv: string[]; nodeOptions: string }[] = [];
  for (const child of [...parents.keys()].filter(below)) {
    const argv = (await readFile(`/proc/${child}/cmdline`, "utf8").catch(() => "")).split("\0").filter(Boolean);
    const environ = (await readFile(`/proc/${child}/environ`, "utf8").catch(() => "")).split("\0");
    const nodeOptions = environ.find((entry) => entry.startsWith("NODE_OPTIONS="))?.slice("NODE_OPTIONS=".length) ?? "";
    found.push({ pid: child, argv, nodeOptions });
  }
  return found;
}

/**
 * What CI can run instead of Docker: the production build (`pnpm build`: the console's Next build
 * and the API's bundle) and `pnpm start` (API + console in production mode, the same runner), on
 * free ports, as an operator would start them.
 */
describe("pnpm build && pnpm start (production mode)", () => {
  let child: ChildProcess;
  let output = "";
  let dataDir: string;
  let apiUrl: string;
  let webUrl: string;

  beforeAll(async () => {
    await Promise.all([ensureNextBuild(), bundleServer()]);
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
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        METRICS_TOKEN,
        LOG_LEVEL: "info",
      },
    });
    for (const stream of [child.stdout, child.stderr])
      stream?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
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

  it.runIf(process.platform === "linux")("runs the API as plain node on the bundle, without tsx", async () => {
    const processes = await descendants(child.pid ?? 0);
    const api = processes.find((candidate) => candidate.argv.includes(SERVER_BUNDLE));
    expect(api, JSON.stringify(processes.map((candidate) => candidate.argv))).toBeDefined();
    expect(api?.argv).toEqual([process.execPath, ...SERVER_NODE_FLAGS, SERVER_BUNDLE]);
    // A loader can also come in through NODE_OPTIONS (inherited from the tsx-run supervisor).
    expect(api?.nodeOptions).not.toMatch(/tsx|--import|--require|--loader/);
  });

  it("issues a token through the bundled server (migrations applied, packages inlined)", async () => {
    const admin = new BrowserAgent(webUrl);
    expect((await admin.fetchJson(`${apiUrl}/api/auth/sign-in/email`, "POST", ADMIN)).status).toBe(200);
    const created = await admin.fetchJson(`${apiUrl}/api/admin/oauth-clients`, "POST", {
      client_name: "Production check",
      redirect_uris: ["http://localhost:8765/callback"],
      application_type: "native",
      token_endpoint_auth_method: "client_secret_basic",
      grant_types: ["client_credentials"],
      client_credentials_scopes: ["api:read"],
    });
    expect(created.status, created.body).toBe(201);
    const client = JSON.parse(created.body) as { client_id: string; client_secret: string };
    const response = await fetch(`${apiUrl}/api/auth/oauth2/token`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ grant_type: "client_credentials", scope: "api:read" }).toString(),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ token_type: "Bearer", scope: "api:read", access_token: expect.any(String) });
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
