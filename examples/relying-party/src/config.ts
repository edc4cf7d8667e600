import { z } from "zod";

/**
 * Everything the app needs to know about the provider and itself. This file is the only place
 * that reads the environment; the rest of the app receives an `RpConfig`.
 */
const envSchema = z.object({
  /** The provider's public issuer, as browsers see it, e.g. https://id.example.com/api/auth. */
  IAM_ISSUER: z.url(),
  /**
   * Base URL for server-to-server calls (discovery, token, JWKS, userinfo), e.g. http://iam:3000
   * inside a Docker network: no trip through the public proxy. Defaults to the issuer's origin.
   */
  IAM_INTERNAL_URL: z.url().optional(),
  CLIENT_ID: z.string().min(1),
  CLIENT_SECRET: z.string().min(1),
  /** This app's public origin; the redirect URI is `${APP_URL}/auth/callback`. */
  APP_URL: z.url().default("http://localhost:8080"),
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
});

export interface RpConfig {
  issuer: string;
  internalUrl: string | undefined;
  clientId: string;
  clientSecret: string;
  appUrl: string;
  port: number;
  /** Cookies are `Secure` whenever the app is served over https. */
  secureCookies: boolean;
}

export function readRpConfig(env: Record<string, string | undefined>): RpConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid environment:\n${z.prettifyError(parsed.error)}`);
  const { IAM_ISSUER, IAM_INTERNAL_URL, CLIENT_ID, CLIENT_SECRET, APP_URL, PORT } = parsed.data;
  const appUrl = APP_URL.replace(/\/+$/, "");
  return {
    issuer: IAM_ISSUER.replace(/\/+$/, ""),
    internalUrl: IAM_INTERNAL_URL?.replace(/\/+$/, ""),
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    appUrl,
    port: PORT ?? Number(new URL(appUrl).port || 8080),
    secureCookies: appUrl.startsWith("https://"),
  };
}
