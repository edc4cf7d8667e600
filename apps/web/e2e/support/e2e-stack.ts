import type { Browser, BrowserContext, BrowserContextOptions } from "playwright-core";
import { startTestServer, freePort } from "@iam/testing";
import type { ServerConfig, TestServer } from "@iam/testing";
import { launchChromium } from "./browser.ts";
import { ensureNextBuild } from "./next-build.ts";
import { startWeb } from "./web-server.ts";
import type { RunningWeb } from "./web-server.ts";

type DatabaseTarget = Parameters<typeof startTestServer>[0];

/** For the `beforeAll` that starts the stack: a first `next build` on a busy 2-core machine takes minutes. */
export const BUILD_AND_START_TIMEOUT_MS = 5 * 60_000;

export interface E2eStack {
  /** The API server (issuer `api.issuer`), configured with `webUrl = web.url`. */
  api: TestServer;
  /** The console, `next start`, talking to `api.url`. */
  web: RunningWeb;
  browser: Browser;
  /** A fresh browser profile (cookies, storage); closed with the stack. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  close(): Promise<void>;
}

/**
 * API + console + Chromium, all real, on free ports: builds the console first when its build is
 * missing or stale. Call in `beforeAll` (the hook timeout covers a first build) and close in `afterAll`.
 */
export async function startE2eStack(database: DatabaseTarget, overrides: Partial<ServerConfig> = {}): Promise<E2eStack> {
  await ensureNextBuild();
  const webPort = await freePort();
  const webUrl = `http://localhost:${webPort}`;
  const api = await startTestServer(database, { webUrl, ...overrides });
  let web: RunningWeb | undefined;
  let browser: Browser | undefined;
  try {
    web = await startWeb(webPort, api.url);
    browser = await launchChromium();
  } catch (error) {
    await web?.close();
    await api.close();
    throw error;
  }
  const contexts: BrowserContext[] = [];
  const openBrowser = browser;
  const openWeb = web;
  return {
    api,
    web: openWeb,
    browser: openBrowser,
    async newContext(options) {
      const context = await openBrowser.newContext({ viewport: { width: 1024, height: 768 }, ...options });
      contexts.push(context);
      return context;
    },
    async close() {
      await Promise.allSettled(contexts.map((context) => context.close()));
      await openBrowser.close().catch(() => {});
      await openWeb.close();
      await api.close();
    },
  };
}
