import { z } from "zod";
import { loadDotEnv } from "./dotenv.ts";

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const onOff = z.enum(["on", "off"]);

const positiveInt = z.coerce.number().int().positive();

/**
 * The API server's environment. This module (with web-env.ts) is the only place that reads
 * `process.env`; everything else receives typed values.
 */
export const serverEnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    BETTER_AUTH_URL: optionalString.pipe(z.url().optional()),
    BETTER_AUTH_SECRET: optionalString,
    /**
     * Versioned secrets for rotation, newest first: "2:new-secret,1:old-secret". New data is
     * encrypted with the first; older versions (and BETTER_AUTH_SECRET, as the legacy secret) still
     * decrypt what was written before, such as the JWKS private keys.
     */
    BETTER_AUTH_SECRETS: optionalString.pipe(
      z
        .string()
        .transform((value) =>
          value
            .split(",")
            .map((entry) => entry.trim())
            .filter(Boolean),
        )
        .pipe(
          z
            .array(
              z
                .string()
                .regex(/^\d+:.+$/, "each entry is <version>:<secret>")
                .transform((entry) => ({ version: Number(entry.slice(0, entry.indexOf(":"))), value: entry.slice(entry.indexOf(":") + 1) })),
            )
            .min(1),
        )
        .optional(),
    ),
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// URL")
        .optional(),
    ),
    PGLITE_DIR: optionalString,
    WEB_URL: optionalString.pipe(z.url().optional()),
    ADMIN_EMAIL: optionalString.pipe(z.email().optional()),
    ADMIN_PASSWORD: optionalString.pipe(z.string().min(8).optional()),
    RATE_LIMIT: onOff.default("on"),
    /** Failed sign-ins per account per 5 minutes, from any address. */
    RATE_LIMIT_ACCOUNT_FAILURES: positiveInt.default(5),
    /** Failed sign-ins per client address per 5 minutes, on any accounts. */
    RATE_LIMIT_ADDRESS_FAILURES: positiveInt.default(30),
    /** Failed client authentications (token, introspection, revocation) per address per 5 minutes. */
    RATE_LIMIT_CLIENT_AUTH_FAILURES: positiveInt.default(20),
    /** Requests per OAuth client per minute, to each of token, introspection and revocation. */
    RATE_LIMIT_CLIENT_PER_MINUTE: positiveInt.default(3000),
    /** Requests per client address per minute to authorize, userinfo and sign-in. */
    RATE_LIMIT_ADDRESS_PER_MINUTE: positiveInt.default(600),
    API_SCOPES: z
      .string()
      .default("api:read api:write")
      .transform((value) => value.split(/[\s,]+/).filter(Boolean))
      .pipe(z.array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, "scopes are printable ASCII without quotes or backslashes"))),
    REDIS_URL: optionalString,
    TRUSTED_PROXIES: z
      .string()
      .default("")
      .transform((value) =>
        value
          .split(",")
          .map((part) => part.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.union([z.ipv4(), z.ipv6()]))),
    /**
     * How long a database-backed request may take: past it the answer is 503
     * temporarily_unavailable with Retry-After, and the request's remaining database work is
     * abandoned (its queries refused, its transaction rolled back).
     */
    REQUEST_DEADLINE_MS: z.coerce.number().int().min(500).max(120_000).default(5_000),
    /**
     * Introspection and userinfo of live opaque access tokens answered by the server's own read
     * path (same rows, no cache); "off" leaves every such request to Better Auth's endpoints.
     */
    RESOURCE_READ_PATH: onOff.default("on"),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
    /**
     * Key of pairwise subject identifiers (HMAC-SHA256, at least 32 characters). Unset: derived from
     * BETTER_AUTH_SECRET. Changing it changes every pairwise `sub`, so keep it for good.
     */
    PAIRWISE_SECRET: optionalString.pipe(z.string().min(32, "PAIRWISE_SECRET must be at least 32 characters").optional()),
    /**
     * Who may use the RFC 7591 registration endpoint: `token` (default) needs an initial access
     * token an admin issued (or an admin session); `open` lets anyone register a client.
     */
    CLIENT_REGISTRATION: z.enum(["token", "open"]).default("token"),
    /** Bearer token Prometheus sends to /metrics; without it, production serves no metrics. */
    METRICS_TOKEN: optionalString.pipe(z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional()),
    /**
     * Outgoing mail: `smtp://user:pass@host:port` (STARTTLS when offered) or `smtps://…` (TLS from
     * the start). Unset: messages are kept in the database and shown in the console's outbox.
     */
    SMTP_URL: optionalString.pipe(
      z
        .string()
        .regex(/^smtps?:\/\/[^/?#]+/, "SMTP_URL must be an smtp:// or smtps:// URL with a host")
        .refine((value) => URL.canParse(value), "SMTP_URL is not a valid URL")
        .optional(),
    ),
    /** The sender of every message, `Name <address>` or an address. */
    MAIL_FROM: optionalString,
    /**
     * Whether a person must verify their address before signing in to an application. Unset: yes
     * when mail can be delivered (SMTP_URL set), no otherwise.
     */
    REQUIRE_EMAIL_VERIFICATION: z
      .enum(["true", "false", "on", "off", ""])
      .optional()
      .transform((value) => (value === "true" || value === "on" ? true : value === "false" || value === "off" ? false : undefined)),
    /** Whom a suspended (banned) person should contact, e.g. an email address; shown when they sign in. */
    SUPPORT_CONTACT: optionalString.pipe(z.string().max(200).optional()),
    /** Interface the API listens on; unset: loopback in development, every interface in production. */
    HOST: optionalString,
    /** Who runs the admin CLI, as its audit entries name them (default: system user@host). */
    IAM_OPERATOR: optionalString.pipe(z.string().max(200).optional()),
    /** Default of the console's sign-up policy until an admin saves one. */
    SIGN_UP: z.enum(["open", "invite", "closed"]).default("open"),
  })
  .superRefine((env, ctx) => {
    const currentSecret = env.BETTER_AUTH_SECRETS?.[0]?.value ?? env.BETTER_AUTH_SECRET;
    if (env.NODE_ENV === "production" && (currentSecret?.length ?? 0) < 32) {
      ctx.addIssue({
        code: "custom",
        path: ["BETTER_AUTH_SECRET"],
        message: "BETTER_AUTH_SECRET must be at least 32 random characters in production",
      });
    }
    if ((env.ADMIN_EMAIL === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["ADMIN_PASSWORD"],
        message: "ADMIN_EMAIL and ADMIN_PASSWORD must be set together",
      });
    }
  });

export type ServerEnv = z.infer<typeof serverEnvSchema>;

/** Parses the process environment, or throws one readable message listing every problem. */
export function readServerEnv(source?: Record<string, string | undefined>): ServerEnv {
  if (!source) loadDotEnv();
  source ??= process.env;
  const result = serverEnvSchema.safeParse(source);
  if (!result.success) {
    throw new Error(`Invalid environment:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}
