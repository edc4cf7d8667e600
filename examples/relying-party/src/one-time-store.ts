/**
 * Values that can be taken once, before they expire: pending logins (state → PKCE verifier,
 * nonce) and exchange codes (code → tokens). In memory, `take` checks the expiry and deletes in
 * one synchronous step, so two requests racing for one code cannot both win. With several app
 * instances use Redis: `SET key value EX ttl NX` to put, `GETDEL key` to take (the TTL makes
 * Redis drop expired keys, so a `GETDEL` hit is both unexpired and single-use).
 */
export class OneTimeStore<T> {
  private readonly entries = new Map<string, { value: T; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  put(key: string, value: T): void {
    this.sweep();
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
  }

  take(key: string): T | undefined {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    if (!entry || entry.expiresAt <= this.now()) return undefined;
    return entry.value;
  }

  get size(): number {
    return this.entries.size;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
