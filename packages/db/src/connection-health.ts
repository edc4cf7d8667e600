import { connect } from "node:net";
import type { Socket } from "node:net";

/** A fresh connection must answer `select 1` within this, or the database counts as unreachable. */
export const PROBE_TIMEOUT_MS = 1_000;
/** While unreachable, a new probe starts this often (overlapping slow ones), so recovery is seen at once. */
const PROBE_INTERVAL_MS = 250;
/** A connection that waits this long for any byte after writing one is suspicious: probe. */
const STALL_MS = 1_000;

interface TrackedSocket {
  socket: Socket;
  lastWriteAt: number;
  /** 0 until the server's first byte. */
  lastDataAt: number;
}

/** What postgres.js passes to its `socket` option: the parsed connection target. */
export interface SocketTarget {
  host: string[];
  port: number[];
  path?: string | false;
}

/**
 * The pool's TCP connections, opened here (postgres.js's `socket` option) so an outage can close
 * them. postgres.js alone would leave a query on a black-holed connection (packets dropped, no
 * reset) waiting on TCP's retransmission timers for minutes, and its pool would keep that
 * connection as if healthy after the database came back.
 */
export class ConnectionTracker {
  private readonly sockets = new Set<TrackedSocket>();
  private nextHost = 0;

  open = (target: SocketTarget): Socket => {
    const index = this.nextHost++ % Math.max(1, target.host.length);
    const socket = target.path ? connect(target.path) : connect(target.port[index] ?? 5432, target.host[index] ?? "localhost");
    const tracked: TrackedSocket = { socket, lastWriteAt: performance.now(), lastDataAt: 0 };
    const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
    socket.write = ((...args: unknown[]) => {
      tracked.lastWriteAt = performance.now();
      return write(...args);
    }) as Socket["write"];
    socket.on("data", () => {
      tracked.lastDataAt = performance.now();
    });
    socket.once("close", () => this.sockets.delete(tracked));
    this.sockets.add(tracked);
    return socket;
  };

  /** Whether a connection has waited longer than STALL_MS for an answer to what it sent. */
  anyStalled(now = performance.now()): boolean {
    for (const { lastWriteAt, lastDataAt } of this.sockets) if (lastWriteAt > lastDataAt && now - lastWriteAt > STALL_MS) return true;
    return false;
  }

  /** Closes connections that have heard nothing from the server since `since` (all when omitted). */
  destroySilentSince(since = Number.POSITIVE_INFINITY): void {
    for (const { socket, lastDataAt } of this.sockets) if (lastDataAt < since) socket.destroy();
  }
}

export interface ConnectionHealthOptions {
  tracker: ConnectionTracker;
  /** `select 1` over a connection of its own, outside the pool, settling within `timeoutMs`. */
  probe(timeoutMs: number): Promise<void>;
}

/**
 * Whether the database answers, for failing fast, readiness and reconnecting promptly.
 *
 * Anything that smells of an outage (a connection error, a request past its deadline, a pool
 * connection waiting too long) asks for a probe. When the probe fails, the database is marked
 * unavailable: every pool connection is closed, so queries stuck on them fail now rather than
 * after TCP gives up, and new requests are answered 503 at once. Probes then start every 250 ms
 * until one succeeds; connections opened during the outage that never heard from the server
 * (black-holed) are closed, so the pool reconnects as soon as the database is back.
 */
export class ConnectionHealth {
  private available = true;
  private unavailableSince = 0;
  private checking = false;
  private reprobe: NodeJS.Timeout | undefined;
  private readonly stallWatch: NodeJS.Timeout;

  constructor(private readonly options: ConnectionHealthOptions) {
    this.stallWatch = setInterval(() => {
      if (this.available && options.tracker.anyStalled()) this.suspect();
    }, STALL_MS / 4);
    this.stallWatch.unref();
  }

  isAvailable(): boolean {
    return this.available;
  }

  /** Something failed in a way an outage would explain: check, once at a time. */
  suspect(): void {
    if (!this.available || this.checking) return;
    this.checking = true;
    void this.probeOnce().finally(() => {
      this.checking = false;
    });
  }

  close(): void {
    clearInterval(this.stallWatch);
    clearInterval(this.reprobe);
  }

  private async probeOnce(): Promise<void> {
    const startedAt = performance.now();
    try {
      await this.options.probe(PROBE_TIMEOUT_MS);
    } catch {
      this.markUnavailable();
      return;
    }
    this.markAvailable(startedAt);
  }

  private markUnavailable(): void {
    if (!this.available) return;
    this.available = false;
    this.unavailableSince = performance.now();
    this.options.tracker.destroySilentSince();
    this.reprobe = setInterval(() => void this.probeOnce(), PROBE_INTERVAL_MS);
    this.reprobe.unref();
  }

  private markAvailable(probeStartedAt: number): void {
    if (this.available || probeStartedAt < this.unavailableSince) return;
    clearInterval(this.reprobe);
    this.reprobe = undefined;
    this.options.tracker.destroySilentSince(this.unavailableSince);
    this.available = true;
  }
}
