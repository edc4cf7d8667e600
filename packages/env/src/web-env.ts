import { z } from "zod";

/** The console's environment, read at request time on the server so one build serves any deployment. */
export const webEnvSchema = z.object({
  BETTER_AUTH_URL: z.url().default("http://localhost:3000"),
  WEB_URL: z.url().default("http://localhost:3001"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Whom a suspended person should contact; the same SUPPORT_CONTACT the API reads. */
  SUPPORT_CONTACT: z.string().max(200).optional(),
  /** Interface the console listens on; unset: loopback for `dev`, every interface for `start`. */
  HOST: z.string().trim().min(1).optional(),
});

export type WebEnv = z.infer<typeof webEnvSchema>;

export function readWebEnv(source?: Record<string, string | undefined>): WebEnv {
  source ??= process.env;
  const result = webEnvSchema.safeParse({
    BETTER_AUTH_URL: source.BETTER_AUTH_URL || undefined,
    WEB_URL: source.WEB_URL || undefined,
    NODE_ENV: source.NODE_ENV || undefined,
    SUPPORT_CONTACT: source.SUPPORT_CONTACT || undefined,
    HOST: source.HOST || undefined,
  });
  if (!result.success) {
    throw new Error(`Invalid environment:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}
