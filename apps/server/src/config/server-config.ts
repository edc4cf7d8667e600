import { DEFAULT_DATA_DIR, resolveDatabaseTarget } from "@iam/db";
import type { DatabaseTarget } from "@iam/db";
import type { ServerEnv } from "@iam/env";
import type { SignUpPolicy } from "@iam/schemas";
import type { RateLimits } from "../rate-limit/limits.ts";
import { loadOrCreateDevSecret } from "./dev-secret.ts";
import type { RetryPolicy } from "../mail/mail-queue.ts";

/** Everything the server needs, already validated and defaulted. Tests build one directly. */
export interface ServerConfig {
  production: boolean;
  port: number;
  /**
   * Interface to listen on; undefined is every interface. From HOST, else loopback (`localhost`)
   * outside production: a development server with a freshly printed admin password stays local.
   */
  host?: string;
  /** Public base URL of the API; the issuer is `${baseUrl}/api/auth`. */
  baseUrl: string;
  webUrl: string;
  secret: string;
  /** Versioned secrets (BETTER_AUTH_SECRETS), newest first; `secret` then only decrypts older data. */
  secrets?: { version: number; value: string }[];
  database: DatabaseTarget;
  /** An account to ensure; "generate" (development) creates a random admin once and prints it; `undefined` does nothing. */
  admin: { email: string; password: string } | "generate" | undefined;
  rateLimit: boolean;
  /** The limits in force when `rateLimit` is on; DEFAULT_RATE_LIMITS when omitted. */
  rateLimits?: RateLimits;
  apiScopes: readonly string[];
  redisUrl: string | undefined;
  /** How often expired codes, sessions and tokens are deleted (default 10 minutes). */
  pruneIntervalMs?: number;
  /** Prefix of every Redis key, so several deployments (or test runs) can share one Redis. */
  redisKeyPrefix?: string;
  /** Addresses whose X-Forwarded-For is believed (a reverse proxy in front of the API). */
  trustedProxies: readonly string[];
  logLevel: ServerEnv["LOG_LEVEL"];
  /** REQUEST_DEADLINE_MS: a database-backed request answers 503 past this (default 5 s). */
  requestDeadlineMs?: number;
  /** RESOURCE_READ_PATH: introspection and userinfo through the read path (default on). */
  resourceReadPath?: boolean;
  /** SIGN_UP: the sign-up policy until an admin saves one in the console (default open). */
  signUpDefault?: SignUpPolicy;
  /** Bearer token for /metrics; in production /metrics is off without one. */
  metricsToken?: string;
  /** SMTP_URL: unset keeps mail in the database for the console's outbox. */
  smtpUrl?: string;
  /** MAIL_FROM; default no-reply@ the API's host. */
  mailFrom?: string;
  /** REQUIRE_EMAIL_VERIFICATION; default: true when smtpUrl is set. */
  requireEmailVerification?: boolean;
  /** Delivery retries (tests shorten them). */
  mailRetry?: Partial<RetryPolicy>;
  /** SUPPORT_CONTACT: told to a suspended person signing in. */
  supportContact?: string;
  /** How often due back-channel logout retries are looked for (default 5 s). */
  logoutPollMs?: number;
  /** PAIRWISE_SECRET; derived from `secret` when omitted. */
  pairwiseSecret?: string;
  /** CLIENT_REGISTRATION: `open` lets anyone use the registration endpoint; default needs an initial access token. */
  openClientRegistration?: boolean;
}

export function resolveServerConfig(env: ServerEnv): ServerConfig {
  const production = env.NODE_ENV === "production";
  const baseUrl = trimSlash(env.BETTER_AUTH_URL ?? `http://localhost:${env.PORT}`);
  return {
    production,
    port: env.PORT,
    host: env.HOST ?? (production ? undefined : "localhost"),
    baseUrl,
    webUrl: trimSlash(env.WEB_URL ?? "http://localhost:3001"),
    // The env schema already refuses production without a strong secret.
    secret: env.BETTER_AUTH_SECRET ?? env.BETTER_AUTH_SECRETS?.[0]?.value ?? loadOrCreateDevSecret(DEFAULT_DATA_DIR),
    secrets: env.BETTER_AUTH_SECRETS,
    database: resolveDatabaseTarget(env),
    admin: env.ADMIN_EMAIL && env.ADMIN_PASSWORD ? { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD } : production ? undefined : "generate",
    rateLimit: env.RATE_LIMIT === "on",
    rateLimits: {
      accountSignInFailures: { max: env.RATE_LIMIT_ACCOUNT_FAILURES, windowSeconds: 300 },
      addressSignInFailures: { max: env.RATE_LIMIT_ADDRESS_FAILURES, windowSeconds: 300 },
      addressClientAuthFailures: { max: env.RATE_LIMIT_CLIENT_AUTH_FAILURES, windowSeconds: 300 },
      clientRequests: { max: env.RATE_LIMIT_CLIENT_PER_MINUTE, windowSeconds: 60 },
      addressRequests: { max: env.RATE_LIMIT_ADDRESS_PER_MINUTE, windowSeconds: 60 },
    },
    apiScopes: env.API_SCOPES,
    redisUrl: env.REDIS_URL,
    trustedProxies: env.TRUSTED_PROXIES,
    logLevel: env.LOG_LEVEL,
    requestDeadlineMs: env.REQUEST_DEADLINE_MS,
    resourceReadPath: env.RESOURCE_READ_PATH === "on",
    metricsToken: env.METRICS_TOKEN,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    requireEmailVerification: env.REQUIRE_EMAIL_VERIFICATION,
    supportContact: env.SUPPORT_CONTACT,
    signUpDefault: env.SIGN_UP,
    pairwiseSecret: env.PAIRWISE_SECRET,
    openClientRegistration: env.CLIENT_REGISTRATION === "open",
  };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}
