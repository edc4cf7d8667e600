import { AUTH_PATHS, CLIENT_IP_HEADER, fullAuthPath } from "@iam/auth";
import { runOutsideDeadline } from "@iam/db";
import { z } from "zod";
import { counterKey } from "./counter-store.ts";
import type { CounterStore } from "./counter-store.ts";
import type { RateLimits } from "./limits.ts";
import { tooManyRequests } from "./too-many-requests.ts";

type Handler = (request: Request) => Promise<Response>;

const SIGN_IN_PATH = fullAuthPath(AUTH_PATHS.signInEmail);
const signInBody = z.object({ email: z.string().trim().toLowerCase().min(1).max(320) });

/**
 * Failed sign-ins on `POST /api/auth/sign-in/email`, per account (guessing, from any number of
 * addresses) and per client address (credential stuffing across accounts). An attempt takes a slot
 * in both windows BEFORE the password is verified, atomically, so concurrent attempts cannot all
 * pass a check made before any of them failed. What the answer shows decides what stays counted:
 * a wrong password (401) keeps both slots; a success clears the account's count and gives the
 * address its slot back (people behind one address signing in are not an attack); anything else
 * (refused before the password was looked at) gives both back.
 *
 * It wraps the handler rather than the route so native form posts (which the end-user layer turns
 * into redirects) are judged on Better Auth's own answer.
 */
export function withSignInLimits(store: CounterStore, limits: RateLimits, enabled: boolean, handle: Handler): Handler {
  if (!enabled) return handle;
  return async (request) => {
    if (request.method !== "POST" || new URL(request.url).pathname !== SIGN_IN_PATH) return handle(request);
    const email = await readEmail(request);
    if (!email) return handle(request);
    const accountKey = counterKey("sign-in-account", email);
    const addressKey = counterKey("sign-in-address", request.headers.get(CLIENT_IP_HEADER) ?? "unknown");

    const address = await store.reserve(addressKey, limits.addressSignInFailures);
    if (!address.allowed) return tooManyRequests(SIGN_IN_PATH, address.retryAfterSeconds, "Too many failed sign-ins from this address");
    const account = await store.reserve(accountKey, limits.accountSignInFailures);
    if (!account.allowed) {
      await store.release(addressKey);
      return tooManyRequests(SIGN_IN_PATH, account.retryAfterSeconds, "Too many failed sign-in attempts for this account");
    }

    let response: Response;
    try {
      response = await handle(request);
    } catch (error) {
      // A sign-in abandoned at its deadline (answered 503) ends here with its queries refused:
      // the slots it took are given back outside that deadline, or it would count as a failure.
      await runOutsideDeadline(() => Promise.allSettled([store.release(accountKey), store.release(addressKey)]));
      throw error;
    }
    if (response.status === 401) return response;
    if (response.status < 400) await Promise.all([store.reset(accountKey), store.release(addressKey)]);
    else await Promise.all([store.release(accountKey), store.release(addressKey)]);
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
