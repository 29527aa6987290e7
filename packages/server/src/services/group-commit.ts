/** Options of {@link GroupCommit}. */
export interface GroupCommitOptions<Row, Result> {
  /** Writes a batch in one transaction; returns one result per row, in order. */
  write(rows: Row[]): Promise<Result[]>;
  /** Longest a row waits for its batch, in ms. */
  maxDelayMs?: number;
  /** A batch this large is written at once. */
  maxRows?: number;
}

interface Pending<Row, Result> {
  row: Row;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/**
 * Group commit: rows are collected for a few milliseconds (or until a batch
 * is full) and written in one transaction; each caller's promise settles
 * only after its batch has committed, so a 2xx always means "durably
 * written" while one fsync serves many requests.
 */
export class GroupCommit<Row, Result> {
  private queue: Pending<Row, Result>[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> = Promise.resolve();
  private readonly maxDelayMs: number;
  private readonly maxRows: number;

  constructor(private readonly options: GroupCommitOptions<Row, Result>) {
    this.maxDelayMs = options.maxDelayMs ?? 5;
    this.maxRows = options.maxRows ?? 500;
  }

  /** Queues `row`; resolves once its batch has committed. */
  add(row: Row): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      if (this.queue.length >= this.maxRows) this.flushSoon(0);
      else this.flushSoon(this.maxDelayMs);
    });
  }

  /** Writes everything queued and waits for it (graceful shutdown). */
  async drain(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.queue.length > 0) this.startBatch();
    await this.inFlight;
  }

  private flushSoon(delay: number): void {
    if (this.timer && delay > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.startBatch();
    }, delay);
  }

  /** Batches are written one after another, in arrival order. */
  private startBatch(): void {
    const batch = this.queue.splice(0, this.maxRows);
    if (batch.length === 0) return;
    this.inFlight = this.inFlight.then(async () => {
      try {
        const results = await this.options.write(batch.map((p) => p.row));
        batch.forEach((p, i) => p.resolve(results[i] as Result));
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    });
    if (this.queue.length > 0) this.flushSoon(0);
  }
}
