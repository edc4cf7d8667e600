import { AUTH_PATHS, CLIENT_IP_HEADER, fullAuthPath } from "@iam/auth";
import { runOutsideDeadline } from "@iam/db";
import type { MiddlewareHandler } from "hono";
import { z } from "zod";
import { counterKey } from "./counter-store.ts";
import type { CounterStore } from "./counter-store.ts";
import type { RateLimits } from "./limits.ts";
import { tooManyRequests } from "./too-many-requests.ts";

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
 * It sits in front of Better Auth's handler (http/auth-handler.ts) rather than on the route so
 * native form posts (which the end-user layer turns into redirects) are judged on Better Auth's
 * own answer.
 */
export function signInLimits(store: CounterStore, limits: RateLimits): MiddlewareHandler {
  return async (c, next) => {
    const request = c.req.raw;
    if (request.method !== "POST" || c.req.path !== SIGN_IN_PATH) return next();
    const email = await readEmail(request);
    if (!email) return next();
    const accountKey = counterKey("sign-in-account", email);
    const addressKey = counterKey("sign-in-address", request.headers.get(CLIENT_IP_HEADER) ?? "unknown");

    const address = await store.reserve(addressKey, limits.addressSignInFailures);
    if (!address.allowed) return tooManyRequests(SIGN_IN_PATH, address.retryAfterSeconds, "Too many failed sign-ins from this address");
    const account = await store.reserve(accountKey, limits.accountSignInFailures);
    if (!account.allowed) {
      await store.release(addressKey);
      return tooManyRequests(SIGN_IN_PATH, account.retryAfterSeconds, "Too many failed sign-in attempts for this account");
    }

    try {
      await next();
    } catch (error) {
      // A sign-in abandoned at its deadline (answered 503) ends here with its queries refused:
      // the slots it took are given back outside that deadline, or it would count as a failure.
      await runOutsideDeadline(() => Promise.allSettled([store.release(accountKey), store.release(addressKey)]));
      throw error;
    }
    const status = c.res.status;
    if (status === 401) return;
    if (status < 400) await Promise.all([store.reset(accountKey), store.release(addressKey)]);
    else await Promise.all([store.release(accountKey), store.release(addressKey)]);
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
