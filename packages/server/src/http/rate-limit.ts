/** A rate limiter's answer. */
export interface RateDecision {
  allowed: boolean;
  /** Seconds until the window resets (the `Retry-After` value when refused). */
  retryAfterSeconds: number;
}

/**
 * Counts requests per bucket. The in-memory implementation serves one
 * process; a Redis- or PostgreSQL-backed one can implement the same method
 * for several processes.
 */
export interface RateLimiter {
  consume(bucket: string, limit: number, windowMs: number): RateDecision | Promise<RateDecision>;
}

/** A fixed-window counter per bucket, in memory, swept as windows end. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private lastSweep = 0;

  constructor(private readonly clock: () => number = Date.now) {}

  consume(bucket: string, limit: number, windowMs: number): RateDecision {
    const now = this.clock();
    if (now - this.lastSweep > windowMs) this.sweep(now);
    let w = this.windows.get(bucket);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + windowMs };
      this.windows.set(bucket, w);
    }
    w.count += 1;
    const retryAfterSeconds = Math.max(1, Math.ceil((w.resetAt - now) / 1000));
    return { allowed: w.count <= limit, retryAfterSeconds };
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
  }
}
