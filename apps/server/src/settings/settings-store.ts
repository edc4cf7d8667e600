import type { Auth, SecondFactorSettings, SignUpRules } from "@iam/auth";
import type { Db } from "@iam/db";
import { setting } from "@iam/db/schema";
import { instanceSettingsFields } from "@iam/schemas";
import type { Branding, InstanceSettings, InstanceSettingsView, SignUpPolicy } from "@iam/schemas";
import { eq } from "drizzle-orm";
import { setProductName } from "../mail/product.ts";

const KEY = "instance";

export interface SettingsStore {
  read(): Promise<InstanceSettings & { updatedAt: Date | null }>;
  save(settings: InstanceSettings, adminUserId: string): Promise<void>;
  view(): Promise<InstanceSettingsView>;
  branding(): Promise<Branding>;
  signUpRules(): Promise<SignUpRules>;
  secondFactors(): Promise<SecondFactorSettings>;
}

/**
 * The console's settings, on the `setting` table. A row that fails today's schema (written by
 * another version, edited by hand) reads as the defaults for the fields it gets wrong, never as
 * an error: a typo in a colour must not take sign-in down.
 */
export function createSettingsStore(db: Db, signUpDefault: SignUpPolicy): SettingsStore {
  async function read() {
    const [row] = await db.select().from(setting).where(eq(setting.key, KEY)).limit(1);
    const stored = row?.value ?? {};
    const parsed = instanceSettingsFields.safeParse(stored);
    if (parsed.success) return { ...parsed.data, updatedAt: row?.updatedAt ?? null };
    const fallback = instanceSettingsFields.parse({});
    const valid = Object.fromEntries(
      Object.entries(stored).filter(([name, value]) => instanceSettingsFields.shape[name as keyof InstanceSettings]?.safeParse(value).success),
    );
    return { ...fallback, ...instanceSettingsFields.partial().parse(valid), updatedAt: row?.updatedAt ?? null };
  }
  const effective = (settings: InstanceSettings): SignUpPolicy => settings.sign_up ?? signUpDefault;
  return {
    read,
    async save(settings, adminUserId) {
      const now = new Date();
      await db
        .insert(setting)
        .values({ key: KEY, value: settings, updatedAt: now, updatedBy: adminUserId })
        .onConflictDoUpdate({ target: setting.key, set: { value: settings, updatedAt: now, updatedBy: adminUserId } });
    },
    async view() {
      const { updatedAt, ...settings } = await read();
      return { ...settings, sign_up_effective: effective(settings), sign_up_default: signUpDefault, updated_at: updatedAt?.toISOString() ?? null };
    },
    async branding() {
      const settings = await read();
      return {
        product_name: settings.product_name,
        logo_url: settings.logo_url,
        accent_color: settings.accent_color,
        support_email: settings.support_email,
        support_url: settings.support_url,
        sign_up: effective(settings),
        sign_up_allowed_domains: settings.sign_up_allowed_domains,
      };
    },
    async signUpRules() {
      const settings = await read();
      return { mode: effective(settings), allowedDomains: settings.sign_up_allowed_domains };
    },
    async secondFactors() {
      const settings = await read();
      return { admins: settings.second_factor_required_admins, everyone: settings.second_factor_required_everyone };
    },
  };
}

/** The session lifetime as last applied, read synchronously by createAuth's session hook. */
export interface LifetimeHolder {
  sessionSeconds: number | undefined;
}

/**
 * Puts the lifetimes in force on a running Better Auth: the session length lives in its context,
 * the token lifetimes in the OAuth plugin's options object, both read per request. Sessions and
 * tokens already issued keep the lifetime they were issued with.
 */
export async function applyLifetimes(auth: Auth, settings: InstanceSettings, holder?: LifetimeHolder): Promise<void> {
  // Mail is written with the product name in force too.
  setProductName(settings.product_name);
  if (holder) holder.sessionSeconds = settings.session_lifetime_seconds;
  const context = await auth.$context;
  context.sessionConfig.expiresIn = settings.session_lifetime_seconds;
  const provider = auth.options.plugins.find((plugin) => plugin.id === "oauth-provider") as { options?: Record<string, unknown> } | undefined;
  if (provider?.options) {
    provider.options.accessTokenExpiresIn = settings.access_token_lifetime_seconds;
    provider.options.m2mAccessTokenExpiresIn = settings.access_token_lifetime_seconds;
    provider.options.refreshTokenExpiresIn = settings.refresh_token_lifetime_seconds;
  }
}
