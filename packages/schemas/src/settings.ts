import { z } from "zod";

export const SIGN_UP_POLICIES = ["open", "invite", "closed"] as const;
export type SignUpPolicy = (typeof SIGN_UP_POLICIES)[number];

const DAY = 86_400;

/** Lifetimes an admin may choose: short enough to limit a stolen token, long enough to work. */
export const LIFETIME_BOUNDS = {
  session_seconds: { min: 5 * 60, max: 90 * DAY, default: 7 * DAY },
  access_token_seconds: { min: 60, max: DAY, default: 3600 },
  refresh_token_seconds: { min: 3600, max: 365 * DAY, default: 30 * DAY },
} as const;

const lifetime = (bounds: { min: number; max: number; default: number }) => z.number().int().min(bounds.min).max(bounds.max).default(bounds.default);

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "a domain such as example.com");

/**
 * What an admin sets in the console. Every field has a default, so a fresh install and a row saved
 * by an older version both read as complete settings.
 */
export const instanceSettingsFields = z.object({
  product_name: z.string().trim().min(1).max(60).default("IAM"),
  /** An https image (or http on localhost), shown on every end-user page and in mail. */
  logo_url: z
    .url({ protocol: /^https?$/ })
    .max(2_000)
    .refine((value) => value.startsWith("https://") || /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\//.test(value), "use an https:// address")
    .nullable()
    .default(null),
  accent_color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "a colour such as #4f46e5")
    .default("#4f46e5"),
  support_email: z.email().max(320).nullable().default(null),
  support_url: z
    .url({ protocol: /^https?$/ })
    .max(2_000)
    .nullable()
    .default(null),
  session_lifetime_seconds: lifetime(LIFETIME_BOUNDS.session_seconds),
  access_token_lifetime_seconds: lifetime(LIFETIME_BOUNDS.access_token_seconds),
  refresh_token_lifetime_seconds: lifetime(LIFETIME_BOUNDS.refresh_token_seconds),
  /** `null`: the server's SIGN_UP environment variable decides. */
  sign_up: z.enum(SIGN_UP_POLICIES).nullable().default(null),
  /** When not empty, only these email domains may sign up (subdomains not included). */
  sign_up_allowed_domains: z.array(domain).max(100).default([]),
  /**
   * Administrators need a second factor: the console and admin API refuse an admin session signed
   * in with one factor, and an admin without one is led through enrollment at sign-in. Off by
   * default so an upgrade never locks an install's admins out unannounced (see docs/second-factors.md).
   */
  second_factor_required_admins: z.boolean().default(false),
  /** Everyone needs a second factor: a person without one enrolls at the next sign-in or authorization. */
  second_factor_required_everyone: z.boolean().default(false),
});

/** `PUT /api/admin/settings`: the whole set (the console sends what it shows); unknown fields are refused. */
export const instanceSettingsBody = instanceSettingsFields.strict();
export type InstanceSettingsInput = z.input<typeof instanceSettingsBody>;
export type InstanceSettings = z.output<typeof instanceSettingsFields>;

/** What the admin API answers: the stored settings and the sign-up policy in force. */
export const instanceSettingsView = instanceSettingsFields
  .extend({
    sign_up_effective: z.enum(SIGN_UP_POLICIES),
    sign_up_default: z.enum(SIGN_UP_POLICIES),
    updated_at: z.string().nullable(),
  })
  .meta({ id: "InstanceSettings" });
export type InstanceSettingsView = z.infer<typeof instanceSettingsView>;

/** `GET /api/branding`: public, what every end-user page (and mail) shows. */
export const branding = z
  .object({
    product_name: z.string(),
    logo_url: z.string().nullable(),
    accent_color: z.string(),
    support_email: z.string().nullable(),
    support_url: z.string().nullable(),
    sign_up: z.enum(SIGN_UP_POLICIES),
    /** Set when sign-up is limited to some email domains. */
    sign_up_allowed_domains: z.array(z.string()),
  })
  .meta({ id: "Branding" });
export type Branding = z.infer<typeof branding>;
