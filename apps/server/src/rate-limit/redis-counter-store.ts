import type { RedisCommandRunner } from "../storage/redis-storage.ts";
import { secondsUntil } from "./counter-store.ts";
import type { CounterStore, Decision, Throttle } from "./counter-store.ts";

/** KEYS[1]; ARGV: max (0 = no cap), window in ms. Returns {counted, ms left in the window}. */
const INCREMENT = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
local max = tonumber(ARGV[1])
if max > 0 and count >= max then return {0, redis.call('PTTL', KEYS[1])} end
count = redis.call('INCR', KEYS[1])
if count == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return {1, redis.call('PTTL', KEYS[1])}
`;

const RELEASE = `
if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end
return 0
`;

/** The same counters in Redis (`REDIS_URL`): each operation is one command or Lua script, so atomic. */
export class RedisCounterStore implements CounterStore {
  constructor(
    private readonly command: RedisCommandRunner,
    private readonly prefix: string,
  ) {}

  async reserve(key: string, throttle: Throttle): Promise<Decision> {
    const [counted, msLeft] = (await this.command((client) => client.eval(INCREMENT, 1, this.prefix + key, throttle.max, throttle.windowSeconds * 1000))) as [
      number,
      number,
    ];
    return counted === 1 ? { allowed: true } : { allowed: false, retryAfterSeconds: secondsUntil(Math.max(msLeft, 0), 0) };
  }

  async record(key: string, throttle: Throttle): Promise<void> {
    await this.command((client) => client.eval(INCREMENT, 1, this.prefix + key, 0, throttle.windowSeconds * 1000));
  }

  async check(key: string, throttle: Throttle): Promise<Decision> {
    const [[, count], [, msLeft]] = (await this.command((client) =>
      client
        .multi()
        .get(this.prefix + key)
        .pttl(this.prefix + key)
        .exec(),
    )) as [[unknown, string | null], [unknown, number]];
    if (Number(count ?? 0) < throttle.max) return { allowed: true };
    return { allowed: false, retryAfterSeconds: secondsUntil(Math.max(msLeft, 0), 0) };
  }

  async release(key: string): Promise<void> {
    await this.command((client) => client.eval(RELEASE, 1, this.prefix + key));
  }

  async reset(key: string): Promise<void> {
    await this.command((client) => client.del(this.prefix + key));
  }
}
