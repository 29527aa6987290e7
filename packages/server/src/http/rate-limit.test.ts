import { describe, expect, test } from 'vitest';
import { MemoryRateLimiter } from './rate-limit';

describe('MemoryRateLimiter', () => {
  test('allows the limit per window and tells how long to wait', () => {
    let now = 1_000_000;
    const limiter = new MemoryRateLimiter(() => now);
    const take = () => limiter.consume('ip:1', 2, 10_000);
    expect([take().allowed, take().allowed, take().allowed]).toEqual([true, true, false]);
    expect(take().retryAfterSeconds).toBe(10);
    expect(limiter.consume('ip:2', 2, 10_000).allowed).toBe(true);
    now += 10_000;
    expect(take().allowed).toBe(true);
  });
});
