import { oauthDeviceAuthorization, oauthProvider } from "@better-auth/oauth-provider";
import type { Database } from "@iam/db";
import { betterAuth } from "better-auth";
import type { BetterAuthOptions, SecondaryStorage } from "better-auth";
import { admin, jwt, openAPI } from "better-auth/plugins";
import { ADMIN_CLIENT_REFERENCE, ROLES } from "./access-control.ts";
import { AUTH_BASE_PATH, AUTH_PATHS } from "./auth-paths.ts";
import { auditLogPlugin, createAuditWriter } from "./audit/index.ts";
import { ADMIN_ROLE, hasAdminRole, USER_ROLE } from "./roles.ts";
import { consentRevocation } from "./consent-revocation.ts";
import { impersonationBoundary } from "./impersonation-boundary.ts";
import { privilegeGuard } from "./privileges/privilege-guard.ts";
import { scopeNarrowing } from "./scope-narrowing.ts";
import { sessionAddress } from "./session-address.ts";
import { CLAIMS_SUPPORTED, organizationClaimsFor, SUPPORTED_SCOPES, standardClaimsFor } from "./scopes.ts";
import { nativeTokenHashing } from "./crypto/token-hash.ts";
import { secretOverlapGuard, secretStorageWithOverlap } from "./client-secrets/index.ts";
import { findUsableInitialAccessToken, registrationMarker } from "./client-registration/index.ts";
import { derivePairwiseSecret } from "./pairwise.ts";
import { sqlAdapter } from "./database-adapter/index.ts";
import { hashPassword, verifyPassword } from "./password/index.ts";
import { jwtOptions } from "./signing-keys.ts";
import { revokeOAuthTokens } from "./token-revocation.ts";
import { accountMailOptions } from "./account-mail.ts";
import type { AccountMail } from "./account-mail.ts";
import { tokenIssuance } from "./access-tokens/index.ts";
import { backchannelLogoutHooks } from "./backchannel-logout/index.ts";
import { signUpPolicy } from "./sign-up-policy.ts";
import type { SignUpPolicyDeps } from "./sign-up-policy.ts";
import {
  enrollmentAtSignIn,
  idTokenAuthenticationContext,
  meetsAdminFactorRule,
  secondFactorAudit,
  secondFactorPlugin,
  stepUp,
} from "./second-factor/index.ts";
import type { SecondFactorSettings } from "./second-factor/index.ts";
import { passkeyAudit, passkeyPlugin, passkeyRequests, passkeySignIn, recentSignInToAddPasskey } from "./passkeys/index.ts";
import { verifiedSessionsOnly } from "./verified-sessions.ts";

/**
 * Better Auth's own reads and writes go through `sql` (hand-written statements, see
 * database-adapter/); the project's code in this package (audit log, token revocation) through
 * Drizzle's `db`. Both use the same connections.
 */
export type AuthDatabase = Pick<Database, "db" | "sql">;

export interface AuthDeps {
  database: AuthDatabase;
  /**
   * Replaces the SQL adapter. Only the schema-generation config (cli-config.ts) sets it: the
   * Better Auth CLI generates a Drizzle schema only for Drizzle's adapter.
   */
  databaseAdapter?: BetterAuthOptions["database"];
  /** Public base URL of the API server, e.g. http://localhost:3000 (the issuer adds /api/auth). */
  baseUrl: string;
  /** Origin of the console that hosts the login and consent pages. */
  webUrl: string;
  secret: string;
  /** Versioned secrets, newest first, for rotating `secret` without losing what it encrypted. */
  secrets?: { version: number; value: string }[];
  rateLimit: boolean;
  /**
   * Requests per client address Better Auth allows at authorize, userinfo and sign-in, per window
   * (seconds). Token, introspection and revocation are limited per client by the HTTP layer.
   */
  addressRequestLimit?: { max: number; windowSeconds: number };
  /** Scopes of the APIs this provider protects, grantable to clients (client_credentials included). */
  apiScopes: readonly string[];
  /** Key of pairwise subject identifiers; derived from `secret` when omitted. */
  pairwiseSecret?: string;
  /** Anyone may use the registration endpoint; otherwise an initial access token (or an admin session) is needed. */
  openClientRegistration?: boolean;
  /** Redis or similar: when set, rate limits and short-lived state are shared across instances. */
  secondaryStorage?: SecondaryStorage;
  /**
   * Delivers verification, change-of-address and password-reset links (the server's mail queue).
   * Without it Better Auth's verification and reset endpoints answer that mail is not enabled.
   */
  accountMail?: AccountMail;
  /** Unverified people cannot sign in (REQUIRE_EMAIL_VERIFICATION); they are sent a link instead. */
  requireEmailVerification?: boolean;
  /**
   * The session lifetime an admin chose (console settings), read at each sign-in; undefined keeps
   * Better Auth's 7 days. Its internal adapter fixes the lifetime at startup, so new sessions get
   * their expiry here.
   */
  sessionLifetimeSeconds?: () => number | undefined;
  /** The sign-up policy (console setting, else SIGN_UP); without it sign-up is open. */
  signUp?: SignUpPolicyDeps;
  /** Receives Better Auth's own log lines, so the server writes one structured log. */
  log?: (level: "debug" | "info" | "warn" | "error", message: string) => void;
  /** Back-channel logout tokens were queued: the server wakes its delivery worker. */
  onLogoutQueued?: () => void;
  /** Who a suspended person should contact (SUPPORT_CONTACT), in the message they see. */
  supportContact?: string;
  /** The console's second-factor settings (for admins, for everyone); without it neither is required. */
  secondFactorSettings?: () => Promise<SecondFactorSettings>;
}

/** What a banned person is told when they sign in: suspended, and whom to ask, never "try again". */
export function suspendedMessage(supportContact: string | undefined): string {
  const contact = supportContact ? `contact ${supportContact}` : "contact your administrator";
  return `Your account is suspended. To find out why or to have it restored, ${contact}.`;
}

/** A client retrying a refresh at once (two tabs, a timeout) gets the same answer instead of a revoked family. */
export const REFRESH_TOKEN_REUSE_SECONDS = 10;

/** Set by the HTTP layer from the socket (or a trusted proxy); never taken from the client. */
export const CLIENT_IP_HEADER = "x-iam-client-ip";

const DEFAULT_ADDRESS_REQUEST_LIMIT = { max: 600, windowSeconds: 60 };

/**
 * Better Auth's defaults count every request per address in small windows (sign-in 3 per 10 s,
 * token 20, authorize 30, introspection 100 per minute): one office, one relying party's backend
 * or one resource server is one address, and its normal traffic was refused. Here Better Auth keeps
 * only a volume ceiling per address sized for many people behind one address; attacks are
 * throttled by what they produce (failed sign-ins, failed client authentication) in the HTTP layer,
 * and the client-authenticated endpoints per client there.
 */
function providerRateLimitRules({ max, windowSeconds }: { max: number; windowSeconds: number }) {
  const perAddress = { max, window: windowSeconds };
  return {
    [AUTH_PATHS.token]: false,
    [AUTH_PATHS.introspect]: false,
    [AUTH_PATHS.revoke]: false,
    [AUTH_PATHS.authorize]: perAddress,
    [AUTH_PATHS.userinfo]: perAddress,
    "/sign-in/*": perAddress,
    // The two-factor plugin's own 3 per 10 s per address would refuse an office; wrong codes are
    // limited per account by the plugin's lockout (second-factor/two-factor.ts).
    "/two-factor/*": perAddress,
    // The plugin allows 5 code lookups per address per code lifetime; the console's /device page
    // looks codes up from its server, so everyone would share that address. Codes carry 40 bits.
    [AUTH_PATHS.deviceVerify]: perAddress,
  } as const;
}

export function createAuth(deps: AuthDeps) {
  const writeAudit = createAuditWriter(deps.database.db, (message) => deps.log?.("error", message));
  const logoutHooks = backchannelLogoutHooks(
    deps.database.db,
    () => deps.onLogoutQueued?.(),
    (message) => deps.log?.("error", message),
  );
  const factorPolicy = { db: deps.database.db, settings: deps.secondFactorSettings };
  const passkeyState = passkeyRequests();
  return betterAuth({
    appName: "IAM",
    baseURL: deps.baseUrl,
    basePath: AUTH_BASE_PATH,
    secret: deps.secret,
    secrets: deps.secrets,
    trustedOrigins: [deps.webUrl],
    database: deps.databaseAdapter ?? sqlAdapter(deps.database.sql),
    secondaryStorage: deps.secondaryStorage,
    // With Redis as secondary storage, sessions must stay in PostgreSQL too: the OAuth plugin looks
    // them up through the database adapter when a code is exchanged, and the console lists them.
    session: { storeSessionInDatabase: true },
    // Same scrypt and format as Better Auth's; bounded so a burst of sign-ins leaves a core to everyone else.
    emailAndPassword: {
      enabled: true,
      password: { hash: hashPassword, verify: verifyPassword },
      ...accountMailOptions(deps.accountMail, deps.requireEmailVerification ?? false).emailAndPassword,
    },
    emailVerification: accountMailOptions(deps.accountMail, deps.requireEmailVerification ?? false).emailVerification,
    user: {
      // The `organization` scope's claim; unset means the user is an organization of their own.
      additionalFields: { organizationId: { type: "string", required: false, input: false } },
      // A new address is used only once a link sent to it is followed (verify-email).
      changeEmail: { enabled: true },
    },
    // The jwt plugin's /token mints session JWTs, not OAuth tokens: off, so no client mistakes it
    // for the token endpoint (/oauth2/token).
    disabledPaths: ["/token"],
    rateLimit: {
      enabled: deps.rateLimit,
      storage: deps.secondaryStorage ? "secondary-storage" : "database",
      customRules: providerRateLimitRules(deps.addressRequestLimit ?? DEFAULT_ADDRESS_REQUEST_LIMIT),
    },
    telemetry: { enabled: false },
    // No OpenTelemetry SDK is installed, yet every endpoint, hook and query still opened a span on
    // the no-op tracer through context.with(): about 5 % of a token grant's CPU for nothing.
    // Metrics come from /metrics; whoever adds tracing turns this on with it.
    experimental: { instrumentation: { enabled: false } },
    // Unexpected failures (a lost database connection, say) reach the HTTP layer, which answers 503
    // or a JSON 500 and logs them once; API errors are still answered by Better Auth.
    // Errors a person must not be sent back to the client with (unknown client, bad redirect_uri) land on the console.
    onAPIError: { throw: true, errorURL: `${deps.webUrl}/error` },
    logger: deps.log
      ? {
          log: (level, message, ...args) =>
            // Arguments can be request data; only error messages are kept.
            deps.log?.(level, [message, ...args.filter((arg) => arg instanceof Error).map((arg) => arg.message)].join(": ")),
        }
      : undefined,
    advanced: {
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
      // Better Auth skips its Origin/CSRF checks whenever NODE_ENV is "test"; keep them on so the
      // suite exercises what production runs.
      disableOriginCheck: false,
    },
    databaseHooks: {
      user: {
        update: {
          // A ban (through any endpoint) must also end the user's OAuth grants: the refresh grant
          // never looks at bans or sessions.
          after: async (user) => {
            if (user.banned !== true) return;
            // Tell the clients first: the tokens are how we know which clients saw which session.
            await logoutHooks.beforeTokensRevokedForBan(user.id);
            await revokeOAuthTokens(deps.database.db, { userId: user.id });
          },
        },
      },
      // Every ended session (sign-out, RP-initiated logout, revoked sessions, ban, password
      // change) queues a back-channel logout token for each client that got tokens in it.
      // Sessions also keep the address the audit log records (Better Auth cuts IPv6 to /64).
      session: { ...sessionAddress(CLIENT_IP_HEADER, deps.sessionLifetimeSeconds), ...logoutHooks.session },
    },
    plugins: [
      admin({ defaultRole: USER_ROLE, adminRoles: [ADMIN_ROLE], roles: ROLES, bannedUserMessage: suspendedMessage(deps.supportContact) }),
      // Before the OAuth plugin: its after-hook replaces the password's session with a challenge
      // before the authorization would resume on it.
      secondFactorPlugin("IAM"),
      // Each session's amr; the ID token's acr/amr; acr_values asking for a second factor, and the
      // second-factor policy (client setting, console settings) on every authorization.
      idTokenAuthenticationContext(),
      stepUp(deps.webUrl, factorPolicy),
      enrollmentAtSignIn(factorPolicy),
      ...(deps.accountMail && deps.requireEmailVerification ? [verifiedSessionsOnly()] : []),
      // Passkeys as a first factor or a second step: before the OAuth plugin, so the challenge is
      // closed and the session's amr set before the authorization resumes.
      passkeySignIn(passkeyState),
      recentSignInToAddPasskey(),
      passkeyPlugin(deps.webUrl, "IAM", passkeyState),
      // Before the OAuth plugin, so no authorization step runs for an impersonation session.
      impersonationBoundary(),
      jwt(jwtOptions),
      // Its document feeds the server's /api/reference; its own page stays off.
      openAPI({ disableDefaultReference: true }),
      oauthProvider({
        loginPage: `${deps.webUrl}/oauth-login`,
        consentPage: `${deps.webUrl}/consent`,
        scopes: [...SUPPORTED_SCOPES, ...deps.apiScopes],
        // The login page shows which application asks before anyone is signed in.
        allowPublicClientPrelogin: true,
        // Admins register public clients (PKCE, "none" at the token endpoint); upstream advertises
        // "none" only with open registration or client discovery, so relying-party libraries that
        // read the metadata would refuse a public client.
        advertisedMetadata: {
          token_endpoint_auth_methods_supported: ["none", "client_secret_basic", "client_secret_post", "private_key_jwt"],
          // The plugin lists only the claims it resolves itself; the `organization` scope's are ours.
          claims_supported: [...CLAIMS_SUPPORTED],
        },
        // `subject_type: "pairwise"` clients get a `sub` per sector (their redirect URIs' host).
        pairwiseSecret: deps.pairwiseSecret ?? derivePairwiseSecret(deps.secret),
        // RFC 7591 at /oauth2/register: an admin's initial access token (or session), or anyone when
        // registration is open. Registered clients get the plugin's defaults: PKCE required, no
        // skip_consent (refused), only the OpenID scopes (API scopes stay an admin's decision).
        allowDynamicClientRegistration: true,
        allowUnauthenticatedClientRegistration: deps.openClientRegistration ?? false,
        validateInitialAccessToken: async ({ initialAccessToken }) =>
          (await findUsableInitialAccessToken(deps.database.db, initialAccessToken)) ? { referenceId: ADMIN_CLIENT_REFERENCE } : false,
        clientRegistrationDefaultScopes: [...SUPPORTED_SCOPES],
        // Only admins create or change clients, through any endpoint; while the settings require a
        // second factor for administrators, only from a session signed in with one (as /api/admin).
        clientPrivileges: async ({ user, session }) =>
          hasAdminRole(user) && (await meetsAdminFactorRule(session ?? {}, async () => (await deps.secondFactorSettings?.())?.admins ?? false)),
        clientReference: ({ user }) => (hasAdminRole(user) ? ADMIN_CLIENT_REFERENCE : undefined),
        customIdTokenClaims: ({ user, scopes }) => standardClaimsFor(user, scopes),
        customUserInfoClaims: ({ user, scopes }) => organizationClaimsFor(user, scopes),
        // JWT access tokens for a declared API (`resource=`, RFC 8707 + 9068) carry what its backend
        // reads for the granted scopes; opaque tokens' introspection stays as it was.
        customAccessTokenClaims: ({ user, scopes, resources }) => (user && resources?.length ? standardClaimsFor(user, scopes) : {}),
        refreshTokenReuseInterval: REFRESH_TOKEN_REUSE_SECONDS,
        // The default stored form (SHA-256, base64url), hashed natively rather than by WebCrypto
        // jobs; a rotated secret keeps working inside the overlap window an admin chose.
        storeClientSecret: secretStorageWithOverlap(deps.database.db),
        storeTokens: nativeTokenHashing,
      }),
      // RFC 8628: TVs and CLIs poll /oauth2/token with the device_code grant; the person enters the
      // user code on the console's /device page, which calls the plugin's /device endpoints.
      oauthDeviceAuthorization({ verificationUri: `${deps.webUrl}/device`, expiresIn: "10m", interval: "5s" }),
      scopeNarrowing([...SUPPORTED_SCOPES, ...deps.apiScopes]),
      auditLogPlugin(writeAudit, CLIENT_IP_HEADER),
      tokenIssuance(deps.database.db, writeAudit, CLIENT_IP_HEADER),
      secondFactorAudit(writeAudit, CLIENT_IP_HEADER),
      passkeyAudit(writeAudit, CLIENT_IP_HEADER),
      privilegeGuard(deps.database.db, writeAudit, CLIENT_IP_HEADER),
      consentRevocation(deps.database.db),
      ...(deps.signUp ? [signUpPolicy(deps.signUp)] : []),
      secretOverlapGuard(deps.database.db),
      registrationMarker(deps.database.db),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;
