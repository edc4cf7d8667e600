import { REDIRECT_URI } from "../fixtures.ts";
import { BUILT } from "../targets/build-targets.ts";
import { spawnTarget } from "../targets/spawn-target.ts";
import { CODE_VERIFIER, authorizeQuery, basicAuth } from "./flow.ts";
import { freePort } from "@iam/testing";
import type { PreparedTarget } from "./shapes.ts";

/** The floor: Hono hello-world answering the same request shapes with constants. */
export async function prepareFloor(): Promise<PreparedTarget> {
  const port = await freePort();
  const process = await spawnTarget({ name: "floor", entry: BUILT.floor, args: [String(port)], port, readyPath: "/.well-known/openid-configuration" });
  return {
    label: "Hono hello-world",
    role: "floor",
    process,
    paths: { discovery: "/.well-known/openid-configuration", jwks: "/jwks", token: "/token", userinfo: "/userinfo", introspect: "/introspect" },
    basicAuth: basicAuth("floor", "floor-secret"),
    accessToken: "floor-access-token",
    refreshTokens: Array.from({ length: 200 }, (_, index) => `floor-refresh-${index}`),
    authorizePath: (state) => `/authorize?${authorizeQuery("floor", "openid", state)}`,
    authorizeHeaders: { cookie: "floor_session=1" },
    redirectUri: REDIRECT_URI,
    codeVerifier: CODE_VERIFIER,
    signIn: { path: "/sign-in", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "x@y.z", password: "p" }) },
  };
}
