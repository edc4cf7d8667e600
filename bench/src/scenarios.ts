import type { Request } from "autocannon";
import { CLIENT_CREDENTIALS_SCOPE } from "./fixtures.ts";
import type { PreparedTarget } from "./setup/shapes.ts";

export const SCENARIOS = ["discovery", "jwks", "client_credentials", "userinfo", "introspection", "refresh", "code_flow", "password_sign_in"] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** autocannon requests for one scenario on one target, plus a tally of wrong answers. */
export interface ScenarioPlan {
  requests: Request[];
  /** HTTP requests that make one operation (the code flow is authorize + token). */
  requestsPerOp: number;
  connections: number;
  invalid: { count: number; sample?: string };
}

const FORM = "application/x-www-form-urlencoded";

export function planScenario(name: ScenarioName, target: PreparedTarget): ScenarioPlan | undefined {
  const invalid: ScenarioPlan["invalid"] = { count: 0 };
  const check = (ok: boolean, status: number, body: string) => {
    if (ok) return;
    invalid.count++;
    invalid.sample ??= `${status} ${body.slice(0, 160)}`;
  };
  const { paths } = target;
  const single = (request: Request, valid: (status: number, body: string) => boolean, connections = 10): ScenarioPlan => ({
    requests: [{ ...request, onResponse: (status: number, body: string) => check(valid(status, body), status, body) }],
    requestsPerOp: 1,
    connections,
    invalid,
  });
  switch (name) {
    case "discovery":
      return single({ method: "GET", path: paths.discovery }, (status, body) => status === 200 && body.includes('"issuer"'));
    case "jwks":
      return single({ method: "GET", path: paths.jwks }, (status, body) => status === 200 && body.includes('"RS256"'));
    case "client_credentials":
      return single(
        {
          method: "POST",
          path: paths.token,
          headers: { authorization: target.basicAuth, "content-type": FORM },
          body: new URLSearchParams({ grant_type: "client_credentials", scope: CLIENT_CREDENTIALS_SCOPE }).toString(),
        },
        (status, body) => status === 200 && body.includes('"access_token"'),
      );
    case "userinfo":
      return single(
        { method: "GET", path: paths.userinfo, headers: { authorization: `Bearer ${target.accessToken}` } },
        (status, body) => status === 200 && body.includes('"sub"'),
      );
    case "introspection":
      return single(
        {
          method: "POST",
          path: paths.introspect,
          headers: { authorization: target.basicAuth, "content-type": FORM },
          body: new URLSearchParams({ token: target.accessToken, token_type_hint: "access_token" }).toString(),
        },
        (status, body) => status === 200 && body.includes('"active":true'),
      );
    case "refresh":
      return refreshPlan(target, invalid, check);
    case "code_flow":
      return codeFlowPlan(target, invalid, check);
    case "password_sign_in":
      return target.signIn
        ? single(
            { method: "POST", path: target.signIn.path, headers: target.signIn.headers, body: target.signIn.body },
            (status) => status === 200,
            // Each sign-in is ~100 ms of hashing: a few connections saturate the machine.
            4,
          )
        : undefined;
  }
}

type Check = (ok: boolean, status: number, body: string) => void;

/** Each request redeems one live refresh token and returns the rotated one to the pool. */
function refreshPlan(target: PreparedTarget, invalid: ScenarioPlan["invalid"], check: Check): ScenarioPlan {
  const pool = target.refreshTokens;
  return {
    requests: [
      {
        method: "POST",
        path: target.paths.token,
        headers: { authorization: target.basicAuth, "content-type": FORM },
        setupRequest: (request) => ({
          ...request,
          body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: pool.shift() ?? "pool-exhausted" }).toString(),
        }),
        onResponse: (status: number, body: string) => {
          const rotated = status === 200 ? (JSON.parse(body) as { refresh_token?: string }).refresh_token : undefined;
          if (rotated) pool.push(rotated);
          check(Boolean(rotated), status, body);
        },
      },
    ],
    requestsPerOp: 1,
    connections: 10,
    invalid,
  };
}

let flowCounter = 0;

type FlowContext = { code?: string };

/** authorize with the user's session → redirect carrying a code → token exchange with PKCE. */
function codeFlowPlan(target: PreparedTarget, invalid: ScenarioPlan["invalid"], check: Check): ScenarioPlan {
  return {
    requests: [
      {
        method: "GET",
        headers: target.authorizeHeaders,
        setupRequest: (request) => ({ ...request, path: target.authorizePath(`bench-${flowCounter++}`) }),
        onResponse: (status: number, body: string, context: FlowContext, headers?: Record<string, string | string[] | undefined>) => {
          const location = headerValue(headers, "location");
          const code = location?.startsWith(target.redirectUri) ? new URL(location).searchParams.get("code") : null;
          context.code = code ?? "no-code";
          check(status >= 301 && status <= 303 && code !== null, status, location ?? body);
        },
      },
      {
        method: "POST",
        path: target.paths.token,
        headers: { authorization: target.basicAuth, "content-type": FORM },
        setupRequest: (request, context) => ({
          ...request,
          body: new URLSearchParams({
            grant_type: "authorization_code",
            code: (context as FlowContext).code ?? "no-code",
            redirect_uri: target.redirectUri,
            code_verifier: target.codeVerifier,
          }).toString(),
        }),
        onResponse: (status: number, body: string) => check(status === 200 && body.includes('"id_token"'), status, body),
      },
    ],
    requestsPerOp: 2,
    connections: 10,
    invalid,
  };
}

function headerValue(headers: Record<string, string | string[] | undefined> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  return undefined;
}
