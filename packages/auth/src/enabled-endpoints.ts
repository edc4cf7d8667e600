import type { BetterAuthOptions } from "better-auth";

type Options = Pick<BetterAuthOptions, "emailAndPassword" | "emailVerification" | "user" | "socialProviders" | "disabledPaths" | "plugins">;

const pluginOptions = (options: Options, id: string): Record<string, unknown> =>
  ((options.plugins ?? []).find((plugin) => plugin.id === id) as { options?: Record<string, unknown> } | undefined)?.options ?? {};

const hasSocialSignIn = (options: Options) =>
  Object.keys(options.socialProviders ?? {}).length > 0 || (options.plugins ?? []).some((plugin) => plugin.id === "generic-oauth");

/**
 * Better Auth registers every endpoint of a feature whether the feature is configured or not;
 * unconfigured ones answer 400. Each rule here names endpoints (as `ctx.path` sees them) and the
 * configuration that switches them on, read from the live options: when mail sending is
 * configured (`sendResetPassword`, `sendVerificationEmail`), its endpoints count as on.
 */
const RULES: { paths: readonly string[]; on: (options: Options) => boolean }[] = [
  { paths: ["/request-password-reset", "/reset-password", "/reset-password/{token}"], on: (options) => Boolean(options.emailAndPassword?.sendResetPassword) },
  { paths: ["/send-verification-email", "/verify-email"], on: (options) => Boolean(options.emailVerification?.sendVerificationEmail) },
  { paths: ["/change-email"], on: (options) => options.user?.changeEmail?.enabled === true },
  { paths: ["/delete-user", "/delete-user/callback"], on: (options) => options.user?.deleteUser?.enabled === true },
  {
    paths: ["/sign-in/social", "/callback/{id}", "/link-social", "/unlink-account", "/refresh-token", "/get-access-token", "/account-info"],
    on: hasSocialSignIn,
  },
  { paths: ["/oauth2/register"], on: (options) => pluginOptions(options, "oauth-provider").allowDynamicClientRegistration === true },
];

/** Whether the endpoint at `path` (relative to the auth base path) does its job with these options. */
export function isEndpointEnabled(options: Options, path: string): boolean {
  if ((options.disabledPaths ?? []).includes(path)) return false;
  const rule = RULES.find((candidate) => candidate.paths.includes(path));
  return rule ? rule.on(options) : true;
}
