import type { ServerType } from "@hono/node-server";

export interface Drain {
  /** Resolves once no request has been in flight for `quietMs`, or after `maxMs` at most. */
  untilQuiet(quietMs?: number, maxMs?: number): Promise<void>;
  /** From now on every response asks its client to close the connection. */
  begin(): void;
}

/**
 * Tracks requests in flight so shutdown can keep listening until traffic stops: closing the
 * listener at once resets connections still in the accept queue, and closing "idle" sockets resets
 * those whose request has not arrived yet. While draining, responses carry `Connection: close`
 * so keep-alive clients move on to another instance.
 */
export function trackRequests(server: ServerType): Drain {
  let active = 0;
  let lastActivity = Date.now();
  let draining = false;
  server.on("request", (_request, response) => {
    active++;
    lastActivity = Date.now();
    if (draining) response.setHeader("Connection", "close");
    response.on("close", () => {
      active--;
      lastActivity = Date.now();
    });
  });
  return {
    begin() {
      draining = true;
      // Requests may still be in the accept queue: the quiet period starts now at the earliest.
      lastActivity = Date.now();
    },
    async untilQuiet(quietMs = 150, maxMs = 10_000) {
      const deadline = Date.now() + maxMs;
      const busy = () => active > 0 || Date.now() - lastActivity < quietMs;
      while (Date.now() < deadline) {
        if (busy()) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          continue;
        }
        // Timers run before I/O in each turn of the event loop: after a stall (a busy CPU), the
        // quiet period can look over while requests already sent wait unread on their sockets.
        // Let one round of I/O happen (setImmediate runs after the poll phase) and look again.
        await new Promise((resolve) => setImmediate(resolve));
        await new Promise((resolve) => setImmediate(resolve));
        if (!busy()) return;
      }
    },
  };
}
