/**
 * Peer B: node-oidc-provider, configured as close to this project's server as it allows: RS256
 * ID tokens, client_secret_basic, PKCE required, opaque access tokens, refresh-token rotation,
 * the same scopes and claims (also in the ID token), introspection and revocation on, and a
 * scripted login/consent in place of the pages a person would use.
 * Started by the bench as a child process: `server.ts <port> <memory|postgres> [database url]`.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import Provider from "oidc-provider";
import type { Configuration, KoaContextWithOIDC } from "oidc-provider";
import postgres from "postgres";
import { BENCH_USER, CLIENT_CREDENTIALS_SCOPE, PEER_CLIENT, REDIRECT_URI } from "../../fixtures.ts";
import { OIDC_SCHEMA, postgresAdapter } from "./postgres-adapter.ts";

const [portArgument = "0", store = "memory", databaseUrl] = process.argv.slice(2);
const port = Number(portArgument);
const issuer = `http://localhost:${port}`;

const sql = store === "postgres" && databaseUrl ? postgres(databaseUrl, { max: 10, onnotice: () => {} }) : undefined;
if (sql) {
  await sql.unsafe(OIDC_SCHEMA);
  await sql`insert into oidc_account ${sql({ id: BENCH_USER.id, email: BENCH_USER.email, name: BENCH_USER.name, email_verified: true })} on conflict do nothing`;
}

async function loadAccountClaims(id: string): Promise<Record<string, unknown> | undefined> {
  if (!sql) return id === BENCH_USER.id ? { sub: id, email: BENCH_USER.email, email_verified: true, name: BENCH_USER.name } : undefined;
  const [row] = await sql<{ email: string; name: string; email_verified: boolean }[]>`select email, name, email_verified from oidc_account where id = ${id}`;
  return row ? { sub: id, ...row } : undefined;
}

const signingKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });

const configuration: Configuration = {
  ...(sql ? { adapter: postgresAdapter(sql) } : {}),
  clients: [
    {
      client_id: PEER_CLIENT.id,
      client_secret: PEER_CLIENT.secret,
      redirect_uris: [REDIRECT_URI],
      grant_types: ["authorization_code", "refresh_token", "client_credentials"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
      // "native" would make node-oidc-provider ask consent on every request (loopback redirect: client impersonation)
      application_type: "web",
      scope: `openid profile email offline_access ${CLIENT_CREDENTIALS_SCOPE}`,
    },
  ],
  jwks: { keys: [{ ...signingKey, alg: "RS256", use: "sig", kid: "bench-rs256" }] },
  cookies: { keys: [randomBytes(32).toString("base64url")] },
  scopes: ["openid", "offline_access", "profile", "email", CLIENT_CREDENTIALS_SCOPE],
  claims: { openid: ["sub"], profile: ["name"], email: ["email", "email_verified"] },
  // The project's server puts email and name into the ID token too.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  rotateRefreshToken: true,
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    revocation: { enabled: true },
    userinfo: { enabled: true },
  },
  findAccount: async (_ctx, id) => {
    const claims = await loadAccountClaims(id);
    return claims ? { accountId: id, claims: async () => ({ sub: id, ...claims }) } : undefined;
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  ttl: {
    AccessToken: 3600,
    ClientCredentials: 3600,
    AuthorizationCode: 600,
    IdToken: 3600,
    RefreshToken: 30 * 24 * 3600,
    Grant: 30 * 24 * 3600,
    Session: 14 * 24 * 3600,
    Interaction: 600,
  },
};

const provider = new Provider(issuer, configuration);

// The scripted person: signs in as the bench user and accepts whatever is asked.
provider.use(async (ctx: KoaContextWithOIDC, next) => {
  if (!ctx.path.startsWith("/interaction/")) return next();
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (details.prompt.name === "login") {
    ctx.redirect(await provider.interactionResult(ctx.req, ctx.res, { login: { accountId: BENCH_USER.id } }, { mergeWithLastSubmission: false }));
    return;
  }
  const accountId = details.session?.accountId ?? BENCH_USER.id;
  const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId, clientId: String(details.params.client_id) });
  if (!grant) throw new Error("grant vanished");
  const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  const grantId = await grant.save();
  ctx.redirect(await provider.interactionResult(ctx.req, ctx.res, { consent: { grantId } }, { mergeWithLastSubmission: true }));
});

const server = createServer(provider.callback());
server.listen(port, () => process.send?.({ ready: issuer }));
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    server.close();
    void sql?.end({ timeout: 1 }).finally(() => process.exit(0));
    if (!sql) process.exit(0);
  });
}
