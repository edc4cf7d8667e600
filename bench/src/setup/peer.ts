import { BrowserAgent, freePort } from "@iam/testing";
import { BENCH_WEB_URL, FLOW_SCOPE, OFFLINE_SCOPE, PEER_CLIENT, REDIRECT_URI } from "../fixtures.ts";
import { BUILT } from "../targets/build-targets.ts";
import { spawnTarget } from "../targets/spawn-target.ts";
import { CODE_VERIFIER, authorizeQuery, basicAuth, exchangeCode, repeat } from "./flow.ts";
import type { PreparedTarget } from "./shapes.ts";

/**
 * B: node-oidc-provider with the bench's PostgreSQL adapter (`databaseUrl` set) or its built-in
 * in-memory adapter (development-only storage: nothing survives a restart or is shared).
 */
export async function preparePeer(databaseUrl: string | undefined, refreshPool: number): Promise<PreparedTarget> {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const process = await spawnTarget({
    name: databaseUrl ? "B-pg" : "B-mem",
    entry: BUILT.peer,
    args: [String(port), databaseUrl ? "postgres" : "memory", ...(databaseUrl ? [databaseUrl] : [])],
    env: { NODE_ENV: "production", ...(databaseUrl ? { BENCH_PROBE_PG_PORT: new URL(databaseUrl).port || "5432" } : {}) },
    port,
    readyPath: "/.well-known/openid-configuration",
  });
  const auth = basicAuth(PEER_CLIENT.id, PEER_CLIENT.secret);
  const establish = async () => {
    const user = new BrowserAgent(BENCH_WEB_URL);
    const runFlow = async (scope: string, state: string, prompt?: string) => {
      const callback = await user.followRedirects(`${origin}/auth?${authorizeQuery(PEER_CLIENT.id, scope, state, prompt)}`, (next) => next.startsWith(origin));
      return exchangeCode(`${origin}/token`, auth, callback);
    };
    const first = await runFlow(FLOW_SCOPE, "setup");
    const refreshTokens: string[] = [];
    // One browser holds one interaction cookie at a time: mint sequentially.
    await repeat(refreshPool, 1, async (index) => {
      const tokens = await runFlow(OFFLINE_SCOPE, `offline-${index}`, "consent");
      if (!tokens.refresh_token) throw new Error("no refresh token for offline_access");
      refreshTokens.push(tokens.refresh_token);
    });
    return { accessToken: first.access_token, refreshTokens, authorizeHeaders: { cookie: user.cookieHeader() } };
  };
  const target: PreparedTarget = {
    label: databaseUrl ? "node-oidc-provider (PostgreSQL adapter)" : "node-oidc-provider (in-memory adapter, dev only)",
    role: databaseUrl ? "B-pg" : "B-mem",
    process,
    paths: { discovery: "/.well-known/openid-configuration", jwks: "/jwks", token: "/token", userinfo: "/me", introspect: "/token/introspection" },
    basicAuth: auth,
    ...(await establish()),
    authorizePath: (state) => `/auth?${authorizeQuery(PEER_CLIENT.id, FLOW_SCOPE, state)}`,
    redirectUri: REDIRECT_URI,
    codeVerifier: CODE_VERIFIER,
  };
  // The in-memory adapter is an LRU of 1000 entries: a few seconds of load evict the session,
  // grant and tokens set up before, so each run starts from a fresh set.
  if (!databaseUrl) target.renew = async () => void Object.assign(target, await establish());
  return target;
}
