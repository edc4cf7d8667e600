import { z } from "zod";
import type { AccountLimiter } from "./account-limiter.ts";

type Handler = (request: Request) => Promise<Response>;

const SIGN_IN_PATH = "/api/auth/sign-in/email";
const signInBody = z.object({ email: z.string().trim().toLowerCase().min(1).max(320) });

/**
 * Wraps Better Auth's handler with a per-account limit on `POST /api/auth/sign-in/email`: after
 * too many failed attempts on one account, further attempts get 429 with `Retry-After` until the
 * window passes, whatever address they come from; a successful sign-in clears the count. It wraps
 * the handler rather than the route so native form posts (which the end-user layer answers with
 * redirects) are counted on Better Auth's own 401.
 */
export function withSignInAccountLimit(limiter: AccountLimiter, enabled: boolean, handle: Handler): Handler {
  if (!enabled) return handle;
  return async (request) => {
    if (request.method !== "POST" || new URL(request.url).pathname !== SIGN_IN_PATH) return handle(request);
    const email = await readEmail(request);
    if (!email) return handle(request);
    const wait = await limiter.retryAfter(email);
    if (wait > 0) {
      return Response.json(
        { code: "TOO_MANY_REQUESTS", message: "Too many failed sign-in attempts for this account; try again later." },
        { status: 429, headers: { "Retry-After": String(wait), "X-Retry-After": String(wait) } },
      );
    }
    const response = await handle(request);
    if (response.status === 401) await limiter.recordFailure(email);
    else if (response.ok) await limiter.reset(email);
    return response;
  };
}

async function readEmail(request: Request): Promise<string | undefined> {
  const type = request.headers.get("content-type") ?? "";
  try {
    const text = await request.clone().text();
    const raw: unknown = type.includes("application/json") ? JSON.parse(text) : Object.fromEntries(new URLSearchParams(text));
    const parsed = signInBody.safeParse(raw);
    return parsed.success ? parsed.data.email : undefined;
  } catch {
    return undefined;
  }
}
