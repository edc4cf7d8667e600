import type { BetterAuthOptions } from "better-auth";

type SessionHooks = NonNullable<NonNullable<BetterAuthOptions["databaseHooks"]>["session"]>;

/**
 * A session keeps the client address the HTTP layer resolved (`clientIpHeader`, from the socket or
 * a trusted proxy), the same value the audit log records. Better Auth's own stores IPv6 expanded
 * and cut to its /64 network (`0000:…:0000` for `::1`), which suits its rate limiter but tells a
 * person nothing about where a session was opened. New sessions also get the lifetime in force.
 */
export function sessionAddress(clientIpHeader: string, lifetimeSeconds?: () => number | undefined): SessionHooks {
  return {
    create: {
      before: async (session, ctx) => {
        const address = ctx?.request?.headers.get(clientIpHeader) ?? ctx?.headers?.get(clientIpHeader);
        // The session lifetime an admin chose (console settings): Better Auth fixes its own at startup.
        const seconds = lifetimeSeconds?.();
        if (!address && !seconds) return;
        return {
          data: {
            ...session,
            ...(address ? { ipAddress: address.slice(0, 64) } : {}),
            ...(seconds ? { expiresAt: new Date(Date.now() + seconds * 1000) } : {}),
          },
        };
      },
    },
  };
}
