import type { Db } from "@iam/db";
import { deliverDue } from "./delivery.ts";
import type { ContextSource, DeliveryOutcome } from "./delivery.ts";

export const DEFAULT_LOGOUT_POLL_MS = 5_000;

export interface LogoutWorker {
  /** Something was queued: deliver soon, off the request's path. */
  wake(): void;
  /** One pass now (tests and the console's "retry now"); waits for a pass already running. */
  runOnce(): Promise<DeliveryOutcome>;
  stop(): Promise<void>;
}

/**
 * Delivers queued logout tokens in the background: at once when woken, and every `pollMs` for
 * retries that came due (and rows another instance claimed and dropped). Never two passes at
 * once in one process; other processes are kept apart by the claim in `claimDue`.
 */
export function startLogoutWorker(
  db: Db,
  context: ContextSource,
  log: (level: "warn" | "debug", message: string, detail?: Record<string, unknown>) => void,
  pollMs = DEFAULT_LOGOUT_POLL_MS,
  fetchImpl: typeof fetch = fetch,
): LogoutWorker {
  let running: Promise<DeliveryOutcome> | undefined;
  let again = false;
  let stopped = false;

  const pass = (): Promise<DeliveryOutcome> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      const total: DeliveryOutcome = { delivered: 0, failed: 0 };
      do {
        again = false;
        try {
          const outcome = await deliverDue(db, context, fetchImpl);
          total.delivered += outcome.delivered;
          total.failed += outcome.failed;
          if (outcome.delivered + outcome.failed > 0) log("debug", "back-channel logout pass", { ...outcome });
        } catch (error) {
          log("warn", "back-channel logout delivery failed", { error: error instanceof Error ? error.message : String(error) });
        }
      } while (again && !stopped);
      return total;
    })().finally(() => {
      running = undefined;
    });
    return running;
  };

  const timer = setInterval(() => void pass(), pollMs);
  timer.unref();
  return {
    wake() {
      if (!stopped) setImmediate(() => void pass());
    },
    runOnce: pass,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
