import "server-only";
import { readWebEnv } from "@iam/env";

/**
 * Read per request on the server, so one build serves any deployment: the API's public URL
 * is configuration, not something baked into the bundle.
 */
export function runtimeConfig() {
  const env = readWebEnv();
  return { apiUrl: env.BETTER_AUTH_URL.replace(/\/+$/, ""), webUrl: env.WEB_URL.replace(/\/+$/, ""), supportContact: env.SUPPORT_CONTACT };
}
