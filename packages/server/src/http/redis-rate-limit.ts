import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { RateDecision, RateLimiter } from './rate-limit';

/** Options of {@link createRedisRateLimiter}. */
export interface RedisRateLimiterOptions {
  /** `redis://host:port/db`, as in `REDIS_URL`. */
  url: string;
  /** Prefix of the counter keys, so several deployments can share one Redis (default `twotier:rl:`). */
  prefix?: string;
  /** How long one count may take before the request is let through, ms (default 250). */
  timeoutMs?: number;
  logger?: Logger;
}

/** A rate limiter shared by every process on one Redis, with `close()`. */
export interface RedisRateLimiter extends RateLimiter {
  close(): Promise<void>;
}

// One round trip: count, start the window on the first hit, report what is left of it.
const FIXED_WINDOW = `
local c = redis.call('INCR', KEYS[1])
if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local t = redis.call('PTTL', KEYS[1])
if t < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); t = tonumber(ARGV[1]) end
return {c, t}`;

/**
 * A fixed-window counter per bucket kept in Redis, so the limits hold across
 * every `twotier serve` process that shares `REDIS_URL`. When Redis does not
 * answer within `timeoutMs` the request is allowed (and logged): a rate
 * limiter must never take the tracking endpoints down with it.
 *
 * @example
 * const limiter = createRedisRateLimiter({ url: process.env.REDIS_URL! });
 * const app = createApp({ db, rateLimiter: limiter });
 */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RedisRateLimiter {
  const prefix = options.prefix ?? 'twotier:rl:';
  const timeoutMs = options.timeoutMs ?? 250;
  const redis = new Redis(options.url, {
    lazyConnect: false,
    enableOfflineQueue: true,
    maxRetriesPerRequest: 1,
    commandTimeout: timeoutMs,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  let lastWarn = 0;
  redis.on('error', (err: Error) => {
    if (Date.now() - lastWarn > 10_000) {
      lastWarn = Date.now();
      options.logger?.warn({ err: err.message }, 'redis rate limiter unavailable; allowing requests');
    }
  });

  return {
    async consume(bucket: string, limit: number, windowMs: number): Promise<RateDecision> {
      try {
        const [count, ttl] = (await redis.eval(FIXED_WINDOW, 1, `${prefix}${windowMs}:${bucket}`, String(windowMs))) as [number, number];
        return { allowed: count <= limit, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
      } catch (err) {
        if (Date.now() - lastWarn > 10_000) {
          lastWarn = Date.now();
          options.logger?.warn({ err: (err as Error).message }, 'redis rate limiter failed; allowing the request');
        }
        return { allowed: true, retryAfterSeconds: 1 };
      }
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
