import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { env } from "node:process";
import { BrowserAgent, freePort } from "@iam/testing";
import { BENCH_ADMIN, BENCH_USER, BENCH_WEB_URL, CLIENT_CREDENTIALS_SCOPE, FLOW_SCOPE, OFFLINE_SCOPE, REDIRECT_URI } from "../fixtures.ts";
import { BUILT } from "../targets/build-targets.ts";
import { spawnTarget } from "../targets/spawn-target.ts";
import { CODE_VERIFIER, authorizeQuery, basicAuth, exchangeCode, repeat } from "./flow.ts";
import type { PreparedTarget } from "./shapes.ts";

export interface IamOptions {
  /** PostgreSQL database for A, or undefined for in-memory PGlite. */
  databaseUrl: string | undefined;
  refreshPool: number;
}

/**
 * A: this project's server as `pnpm start` runs it (the production bundle on plain node,
 * NODE_ENV=production), RATE_LIMIT=off, request logs at warn (the peer logs nothing either), with
 * a client registered through the admin API, a user signed up, consent given once, and refresh
 * tokens minted for the refresh scenario.
 */
export async function prepareIam({ databaseUrl, refreshPool }: IamOptions): Promise<PreparedTarget> {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const process = await spawnTarget({
    name: "A",
    entry: BUILT.server.entry,
    // BENCH_A_NODE_FLAGS: extra flags for A only, e.g. `--max-old-space-size=160` for a small container.
    execArgv: [...BUILT.server.execArgv, ...(env.BENCH_A_NODE_FLAGS ?? "").split(" ").filter(Boolean)],
    port,
    readyPath: "/readyz",
    env: {
      NODE_ENV: "production",
      PORT: String(port),
      BETTER_AUTH_URL: origin,
      BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
      WEB_URL: BENCH_WEB_URL,
      ADMIN_EMAIL: BENCH_ADMIN.email,
      ADMIN_PASSWORD: BENCH_ADMIN.password,
      RATE_LIMIT: "off",
      LOG_LEVEL: "warn",
      ...(databaseUrl
        ? { DATABASE_URL: databaseUrl, BENCH_PROBE_PG_PORT: new URL(databaseUrl).port || "5432" }
        : { DATABASE_URL: "", PGLITE_DIR: "memory://", BENCH_PROBE_PGLITE: "1" }),
    },
  });

  // BENCH_A_CGROUP: a memory cgroup directory (v1 or v2) A is moved into once it serves, to run the
  // bench's load under a container's limit (see docs/benchmarks.md, "Memory").
  const cgroup = env.BENCH_A_CGROUP;
  if (cgroup && process.pid !== undefined) await writeFile(join(cgroup, "cgroup.procs"), String(process.pid));

  const admin = new BrowserAgent(BENCH_WEB_URL);
  await expectOk(admin.fetchJson(`${origin}/api/auth/sign-in/email`, "POST", BENCH_ADMIN), "admin sign-in");
  const created = await expectOk(
    admin.fetchJson(`${origin}/api/admin/oauth-clients`, "POST", {
      client_name: "Bench RP",
      redirect_uris: [REDIRECT_URI],
      application_type: "native",
      token_endpoint_auth_method: "client_secret_basic",
      grant_types: ["authorization_code", "refresh_token", "client_credentials"],
      scope: `${OFFLINE_SCOPE} ${CLIENT_CREDENTIALS_SCOPE}`,
      client_credentials_scopes: [CLIENT_CREDENTIALS_SCOPE],
      require_pkce: true,
    }),
    "client registration",
  );
  const client = JSON.parse(created) as { client_id: string; client_secret: string };
  const auth = basicAuth(client.client_id, client.client_secret);

  const user = new BrowserAgent(BENCH_WEB_URL);
  await expectOk(
    user.fetchJson(`${origin}/api/auth/sign-up/email`, "POST", { email: BENCH_USER.email, password: BENCH_USER.password, name: BENCH_USER.name }),
    "sign-up",
  );

  const api = `${origin}/api/auth`;
  const runFlow = async (scope: string, state: string, prompt?: string) => {
    const callback = await authorizeWithConsent(user, origin, `${api}/oauth2/authorize?${authorizeQuery(client.client_id, scope, state, prompt)}`);
    return exchangeCode(`${api}/oauth2/token`, auth, callback);
  };
  const first = await runFlow(FLOW_SCOPE, "setup");
  const refreshTokens: string[] = [];
  await repeat(refreshPool, 4, async (index) => {
    const tokens = await runFlow(OFFLINE_SCOPE, `offline-${index}`, "consent");
    if (!tokens.refresh_token) throw new Error("no refresh token for offline_access");
    refreshTokens.push(tokens.refresh_token);
  });

  return {
    label: databaseUrl ? "this server (PostgreSQL)" : "this server (PGlite)",
    role: "A",
    process,
    paths: {
      discovery: "/api/auth/.well-known/openid-configuration",
      jwks: "/api/auth/jwks",
      token: "/api/auth/oauth2/token",
      userinfo: "/api/auth/oauth2/userinfo",
      introspect: "/api/auth/oauth2/introspect",
    },
    basicAuth: auth,
    accessToken: first.access_token,
    refreshTokens,
    authorizePath: (state) => `/api/auth/oauth2/authorize?${authorizeQuery(client.client_id, FLOW_SCOPE, state)}`,
    // A browser navigation gets the 302 (Better Auth answers fetch-mode requests with JSON).
    authorizeHeaders: { cookie: user.cookieHeader(), "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" },
    redirectUri: REDIRECT_URI,
    codeVerifier: CODE_VERIFIER,
    signIn: {
      path: "/api/auth/sign-in/email",
      headers: { "content-type": "application/json", origin: BENCH_WEB_URL },
      body: JSON.stringify({ email: BENCH_USER.email, password: BENCH_USER.password }),
    },
  };
}

/** Follows the provider's redirects as a browser would, accepting consent when the console asks. */
async function authorizeWithConsent(user: BrowserAgent, origin: string, url: string): Promise<string> {
  const within = (next: string) => next.startsWith(origin);
  const stop = await user.followRedirects(url, within);
  if (!stop.startsWith(`${BENCH_WEB_URL}/consent`)) return stop;
  const consent = await expectOk(
    user.fetchJson(`${origin}/api/auth/oauth2/consent`, "POST", { accept: true, oauth_query: new URL(stop).search.slice(1) }),
    "consent",
  );
  return user.followRedirects((JSON.parse(consent) as { url: string }).url, within);
}

async function expectOk(pending: Promise<{ status: number; body: string }>, step: string): Promise<string> {
  const response = await pending;
  if (response.status < 200 || response.status > 299) throw new Error(`${step} failed: ${response.status} ${response.body.slice(0, 300)}`);
  return response.body;
}
