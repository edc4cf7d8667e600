import type { TargetProcess } from "../targets/spawn-target.ts";

/** The measured process plus what each scenario needs to address it: paths, credentials, tokens. */
export interface PreparedTarget {
  label: string;
  role: "A" | "B-pg" | "B-mem" | "floor";
  process: TargetProcess;
  paths: { discovery: string; jwks: string; token: string; userinfo: string; introspect: string };
  /** `Authorization: Basic …` of the confidential client. */
  basicAuth: string;
  accessToken: string;
  /** Live refresh tokens; the refresh scenario takes one per request and puts the rotated one back. */
  refreshTokens: string[];
  /** Path and query of an authorization request for the signed-in user, given a state. */
  authorizePath: (state: string) => string;
  authorizeHeaders: Record<string, string>;
  redirectUri: string;
  codeVerifier: string;
  /** Sets up session and tokens again before a run (for stores that forget them under load). */
  renew?: () => Promise<void>;
  signIn?: { path: string; headers: Record<string, string>; body: string };
}
