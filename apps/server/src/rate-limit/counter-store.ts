import { createHash } from "node:crypto";

/** At most `max` events per fixed window of `windowSeconds`, starting at the window's first event. */
export interface Throttle {
  max: number;
  windowSeconds: number;
}

export type Decision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counters shared by every instance (PostgreSQL, or Redis when configured). Each operation is one
 * atomic statement or script, so concurrent requests cannot all slip past a stale read.
 */
export interface CounterStore {
  /** Counts an event if the window has room; refuses it (counting nothing) when full. */
  reserve(key: string, throttle: Throttle, now?: number): Promise<Decision>;
  /** Counts an event that already happened (a failure seen in the answer), full window or not. */
  record(key: string, throttle: Throttle, now?: number): Promise<void>;
  /** Whether a window is full, without counting. */
  check(key: string, throttle: Throttle, now?: number): Promise<Decision>;
  /** Gives back one reserved event (the attempt turned out not to count). */
  release(key: string, now?: number): Promise<void>;
  /** Forgets the key (a success ends an account's run of failures). */
  reset(key: string): Promise<void>;
}

/** Keys hold a digest: the storage never sees an email address, a client address or a client id. */
export function counterKey(throttle: string, value: string): string {
  return `${throttle}:${createHash("sha256").update(value).digest("base64url")}`;
}

export function secondsUntil(windowEndsAt: number, now: number): number {
  return Math.max(1, Math.ceil((windowEndsAt - now) / 1000));
}
